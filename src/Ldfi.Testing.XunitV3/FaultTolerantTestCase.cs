using System.ComponentModel;
using Xunit.Sdk;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>
/// A <c>[FaultTolerant]</c> test case: runs through the ordinary xUnit v3 test-case runner, whose test runner runs the
/// test once per experiment (a new test-class instance each time) and reports one result.
/// </summary>
public sealed class FaultTolerantTestCase : XunitTestCase, ISelfExecutingXunitTestCase
{
    /// <summary>Initializes a new instance of the <see cref="FaultTolerantTestCase"/> class, for the de-serializer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public FaultTolerantTestCase()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FaultTolerantTestCase"/> class.</summary>
    /// <param name="testMethod">The test method.</param>
    /// <param name="testCaseDisplayName">The display name.</param>
    /// <param name="uniqueID">The unique ID.</param>
    /// <param name="explicit">Whether the test only runs when asked for explicitly.</param>
    /// <param name="skipExceptions">Exceptions that skip the test dynamically.</param>
    /// <param name="skipReason">Why the test is skipped, if it is.</param>
    /// <param name="skipType">The type holding <paramref name="skipUnless"/> or <paramref name="skipWhen"/>.</param>
    /// <param name="skipUnless">A property that must be true for the test to run.</param>
    /// <param name="skipWhen">A property that skips the test when true.</param>
    /// <param name="traits">The traits.</param>
    /// <param name="sourceFilePath">The source file.</param>
    /// <param name="sourceLineNumber">The source line.</param>
    /// <param name="timeout">The timeout of one experiment, in milliseconds.</param>
    public FaultTolerantTestCase(
        IXunitTestMethod testMethod,
        string testCaseDisplayName,
        string uniqueID,
        bool @explicit,
        Type[]? skipExceptions = null,
        string? skipReason = null,
        Type? skipType = null,
        string? skipUnless = null,
        string? skipWhen = null,
        Dictionary<string, HashSet<string>>? traits = null,
        string? sourceFilePath = null,
        int? sourceLineNumber = null,
        int? timeout = null)
        : base(testMethod, testCaseDisplayName, uniqueID, @explicit, skipExceptions, skipReason, skipType, skipUnless, skipWhen, traits, null, sourceFilePath, sourceLineNumber, timeout)
    {
    }

    /// <inheritdoc />
    public async ValueTask<RunSummary> Run(ExplicitOption explicitOption, IMessageBus messageBus, object?[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var tests = await aggregator.RunAsync(CreateTests, []).ConfigureAwait(false);
        return await FaultTolerantTestCaseRunner.Instance.Run(this, tests, messageBus, aggregator, cancellationTokenSource, TestCaseDisplayName, SkipReason, explicitOption, constructorArguments).ConfigureAwait(false);
    }
}
