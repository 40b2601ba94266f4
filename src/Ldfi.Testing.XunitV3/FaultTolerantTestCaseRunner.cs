using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>The ordinary test-case runner, except that its tests run through <see cref="FaultTolerantTestRunner"/>.</summary>
internal sealed class FaultTolerantTestCaseRunner : XunitTestCaseRunner
{
    public static new FaultTolerantTestCaseRunner Instance { get; } = new();

    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        return FaultTolerantTestRunner.Instance.Run(test, ctxt.MessageBus, ctxt.ConstructorArguments, ctxt.ExplicitOption, ctxt.Aggregator.Clone(), ctxt.CancellationTokenSource, ctxt.BeforeAfterTestAttributes);
    }
}
