using System.Diagnostics;
using System.Reflection;
using Ldfi.Testing.Sdk;
using Xunit;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>
/// The ordinary test runner (one TestStarting, one result, one TestFinished with output and attachments), whose
/// <see cref="RunTest"/> explores the test: each experiment is the base runner's whole run of the test (instance,
/// before/after attributes, invocation with timeout, disposal) in a context of its own.
/// </summary>
internal sealed class FaultTolerantTestRunner : XunitTestRunner
{
    public static new FaultTolerantTestRunner Instance { get; } = new();

    protected override async ValueTask<TimeSpan> RunTest(XunitTestRunnerContext ctxt)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var method = ctxt.Test.TestMethod.Method;
        if (method.GetCustomAttribute<FaultTolerantAttribute>() is not { } attribute)
        {
            return await base.RunTest(ctxt).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        var output = TestContext.Current.TestOutputHelper;
        var info = FaultTolerantTestInfo.FromMethod(ctxt.Test.TestCase.TestCaseDisplayName, method, attribute.SourceFilePath);
        var outcome = await FaultTolerantRunner.RunAsync(info, attribute.Settings, stopping => RunOnceAsync(ctxt, stopping), line => output?.WriteLine(line), ctxt.CancellationTokenSource.Token)
            .ConfigureAwait(false);
        output?.WriteLine(outcome.Summary);
        if (outcome.Reports is { } reports)
        {
            TestContext.Current.AddAttachment(Path.GetFileName(reports.MarkdownPath), await File.ReadAllTextAsync(reports.MarkdownPath).ConfigureAwait(false));
        }

        if (!outcome.Passed)
        {
            ctxt.Aggregator.Add(new FaultToleranceException(outcome.FailureMessage ?? outcome.Summary));
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// One experiment: the test's ordinary run, with its own aggregator and its class messages kept off the runner. Its
    /// test context is the test's, except that <c>TestContext.Current.CancellationToken</c> is also cancelled when the
    /// experiment is stopped (its deadline, a hang), so a body, <c>InitializeAsync</c> or <c>DisposeAsync</c> that passes
    /// it on unwinds before the next experiment starts. The context lives in this experiment's async flow only.
    /// </summary>
    private async Task RunOnceAsync(XunitTestRunnerContext test, CancellationToken stopping)
    {
        TestContext.SetForTest(test.Test, TestEngineStatus.Running, stopping, testOutputHelper: TestContext.Current.TestOutputHelper);
        var aggregator = ExceptionAggregator.Create();
        var experiment = new XunitTestRunnerContext(test.Test, new ExperimentMessageBus(test.CancellationTokenSource), test.ExplicitOption, aggregator, test.CancellationTokenSource, test.BeforeAfterTestAttributes, test.ConstructorArguments);
        await using (experiment.ConfigureAwait(false))
        {
            await experiment.InitializeAsync().ConfigureAwait(false);
            await base.RunTest(experiment).ConfigureAwait(false);
        }

        aggregator.ThrowIfFaulted();
    }
}
