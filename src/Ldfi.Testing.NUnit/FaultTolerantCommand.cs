using System.Reflection;
using System.Runtime.ExceptionServices;
using Ldfi.Testing.Sdk;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Commands;

namespace Ldfi.Testing.NUnit;

/// <summary>
/// Runs the wrapped command (set-up, body, tear-down) once per experiment, each in its own copy of the execution
/// context with a fresh result, and leaves one result: passed with the summary, or failed with the actionable message.
/// </summary>
internal sealed class FaultTolerantCommand(TestCommand innerCommand, FaultTolerantSettings settings, string sourceFilePath)
    : DelegatingTestCommand(innerCommand)
{
    public override TestResult Execute(TestExecutionContext context)
    {
        var test = context.CurrentTest;
        var output = new FaultTolerantOutput(TestContext.Progress.WriteLine);
        var info = FaultTolerantTestInfo.FromMethod(test.FullName, test.TypeInfo?.Type, test.Method!.MethodInfo, sourceFilePath);

        // NUnit runs commands synchronously; the exploration runs on the thread pool, away from any synchronization context.
        var outcome = Task.Run(() => FaultTolerantRunner.RunAsync(info, settings, stopping => RunOnce(context, stopping), output.WriteLine, context.CancellationToken))
            .GetAwaiter().GetResult();

        var result = test.MakeTestResult();
        context.CurrentResult = result;
        output.WriteLine(outcome.Summary);
        result.OutWriter.Write(output.ToString());
        if (outcome.Reports is { } reports)
        {
            TestContext.AddTestAttachment(reports.MarkdownPath, "Ldfi.Testing exploration report");
        }

        if (outcome.Passed)
        {
            result.SetResult(ResultState.Success);
        }
        else
        {
            result.SetResult(ResultState.Failure, outcome.FailureMessage ?? outcome.Summary);
        }

        return result;
    }

    /// <summary>
    /// Runs the test once, as NUnit would, in a copy of the context so a run the deadline abandoned cannot touch the next
    /// one. The test fails with its own exception: thrown through (NUnit's reflection wrapper taken off, as NUnit does when
    /// it records one), or rebuilt from the result when a set-up/tear-down command already recorded it. The copy's
    /// <c>TestContext.CurrentContext.CancellationToken</c> is cancelled when the experiment is stopped.
    /// </summary>
    private Task RunOnce(TestExecutionContext context, CancellationToken stopping)
    {
        var experiment = new TestExecutionContext(context);

        // The explorer's token for this run: NUnit's own token (the exploration's) linked with the run's stop.
        StoppingToken.Set(experiment, stopping);
        experiment.CurrentResult = context.CurrentTest.MakeTestResult();
        experiment.EstablishExecutionEnvironment();
        TestResult result;
        try
        {
            result = innerCommand.Execute(experiment);
        }
        catch (Exception ex) when (ex is NUnitException or TargetInvocationException && ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
            throw;
        }

        if (result.ResultState.Status == TestStatus.Failed)
        {
            throw ReportedFailure.From(result);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Sets <see cref="TestExecutionContext.CancellationToken"/>, the token behind <c>TestContext.CurrentContext.CancellationToken</c>.
/// NUnit 4.4 makes its setter internal (only <c>[CancelAfter]</c> sets it), so it is set through reflection; should a later
/// NUnit remove the setter, experiments run with NUnit's own token and <c>FaultInjection.Current.Stopping</c> is the way.
/// </summary>
internal static class StoppingToken
{
    private static readonly System.Reflection.MethodInfo? Setter =
        typeof(TestExecutionContext).GetProperty(nameof(TestExecutionContext.CancellationToken))?.GetSetMethod(nonPublic: true);

    public static bool Set(TestExecutionContext context, CancellationToken token)
    {
        if (Setter is null)
        {
            return false;
        }

        Setter.Invoke(context, [token]);
        return true;
    }
}
