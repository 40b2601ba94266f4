using Ldfi.Testing.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>Discovers <see cref="FaultTolerantAttribute"/> tests: one test case per method, like a fact.</summary>
/// <param name="diagnosticMessageSink">Where diagnostic messages go.</param>
public sealed class FaultTolerantDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        if (testMethod.Method.GetParameters().Any())
        {
            return [new ExecutionErrorTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod,
                FaultTolerantTestInfo.ParametersNotAllowed)];
        }

        return [new FaultTolerantTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
    }
}
