using System.ComponentModel;
using System.Reflection;
using Ldfi.Testing.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>
/// A <c>[FaultTolerant]</c> test: runs the ordinary xUnit test pipeline once per experiment (a new test-class instance
/// each time, constructor, <c>IAsyncLifetime</c> and <c>Dispose</c> included) and reports one result.
/// </summary>
public sealed class FaultTolerantTestCase : XunitTestCase
{
    /// <summary>Initializes a new instance of the <see cref="FaultTolerantTestCase"/> class, for the de-serializer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public FaultTolerantTestCase()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FaultTolerantTestCase"/> class.</summary>
    /// <param name="diagnosticMessageSink">Where diagnostic messages go.</param>
    /// <param name="defaultMethodDisplay">How test names are displayed.</param>
    /// <param name="defaultMethodDisplayOptions">Further display options.</param>
    /// <param name="testMethod">The test method.</param>
    public FaultTolerantTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        ArgumentNullException.ThrowIfNull(messageBus);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(cancellationTokenSource);
        var method = TestMethod.Method.ToRuntimeMethod();
        if (SkipReason is not null || aggregator.HasExceptions || method.GetCustomAttribute<FaultTolerantAttribute>() is not { } attribute)
        {
            return await base.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
        }

        var test = new XunitTest(this, DisplayName);
        var started = TimeProvider.System.GetTimestamp();
        messageBus.QueueMessage(new TestCaseStarting(this));
        messageBus.QueueMessage(new TestStarting(test));
        var output = new FaultTolerantOutput(line => messageBus.QueueMessage(new TestOutput(test, line + Environment.NewLine)));
        var outcome = await FaultTolerantRunner.RunAsync(
            FaultTolerantTestInfo.FromMethod(DisplayName, method, attribute.SourceFilePath),
            attribute.Settings,
            _ => RunOnceAsync(diagnosticMessageSink, constructorArguments, aggregator, cancellationTokenSource),
            output.WriteLine,
            cancellationTokenSource.Token).ConfigureAwait(false);
        output.WriteLine(outcome.Summary);
        var seconds = (decimal)TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        var text = output.ToString();
        messageBus.QueueMessage(outcome.Passed
            ? new TestPassed(test, seconds, text)
            : new TestFailed(test, seconds, text, [typeof(FaultToleranceException).FullName!], [outcome.FailureMessage ?? outcome.Summary], [string.Empty], [-1]));
        messageBus.QueueMessage(new TestFinished(test, seconds, text));
        var failed = outcome.Passed ? 0 : 1;
        messageBus.QueueMessage(new TestCaseFinished(this, seconds, 1, failed, 0));
        return new RunSummary { Total = 1, Failed = failed, Time = seconds };
    }

    private async Task RunOnceAsync(IMessageSink diagnosticMessageSink, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        using var bus = new CapturingMessageBus(cancellationTokenSource);
        await new XunitTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, TestMethodArguments, bus, new ExceptionAggregator(aggregator), cancellationTokenSource)
            .RunAsync().ConfigureAwait(false);
        if (bus.Failure is { } failure)
        {
            throw failure;
        }
    }
}
