using Ldfi.Testing.Sdk;
using Xunit.Sdk;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>
/// Discovers <see cref="FaultTolerantAttribute"/> tests: one <see cref="FaultTolerantTestCase"/> per method, with the
/// details a fact would have (display name, skip, explicit, traits, timeout). A method with parameters is reported as
/// an error with <see cref="FaultTolerantTestInfo.ParametersNotAllowed"/>, as by the other adapters.
/// </summary>
public sealed class FaultTolerantDiscoverer : FactDiscoverer
{
    /// <inheritdoc />
    public override ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        if (testMethod.Parameters.Count == 0)
        {
            return base.Discover(discoveryOptions, testMethod, factAttribute);
        }

        var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, factAttribute);
        IXunitTestCase error = new ExecutionErrorTestCase(details.ResolvedTestMethod, details.TestCaseDisplayName, details.UniqueID, details.SourceFilePath, details.SourceLineNumber, FaultTolerantTestInfo.ParametersNotAllowed);
        return new([error]);
    }

    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, factAttribute);
        var traits = testMethod.Traits.ToDictionary(t => t.Key, t => new HashSet<string>(t.Value, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        return new FaultTolerantTestCase(
            details.ResolvedTestMethod,
            details.TestCaseDisplayName,
            details.UniqueID,
            details.Explicit,
            details.SkipExceptions,
            details.SkipReason,
            details.SkipType,
            details.SkipUnless,
            details.SkipWhen,
            traits,
            sourceFilePath: details.SourceFilePath,
            sourceLineNumber: details.SourceLineNumber,
            timeout: details.Timeout);
    }
}
