namespace Ldfi.Testing;

/// <summary>Runs the test body once under a fault set, with the experiment context and the deadline.</summary>
internal sealed class RunExecutor(Func<CancellationToken, Task> test, ExplorationOptions options)
{
    private readonly RunSettings settings = new(options);

    public async Task<ExperimentRun> ExecuteAsync(FaultSet planned, RunKind kind, int number, CancellationToken cancellationToken)
    {
        var run = new ExperimentRun(number, kind, planned);
        var context = new RunContext(run, settings);
        var time = options.TimeProvider;
        var start = time.GetTimestamp();
        using var testToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadlineToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task body;
        using (Ambient.Enter(context, parent: null))
        {
            // A dedicated thread starts the body, so a busy thread pool cannot eat into its deadline.
            body = Task.Factory.StartNew(() => test(testToken.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        var deadline = Task.Delay(options.Deadline, time, deadlineToken.Token);
        if (await Task.WhenAny(body, deadline).ConfigureAwait(false) == body)
        {
            await deadlineToken.CancelAsync().ConfigureAwait(false);
            run.Failure = await FailureOf(body).ConfigureAwait(false);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.DeadlineExceeded = true;
            run.Failure = DeadlineExceededException.For(planned, options.Deadline);
            await testToken.CancelAsync().ConfigureAwait(false);
            _ = body.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        context.End();
        run.Duration = time.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();
        return run;
    }

    private static async Task<Exception?> FailureOf(Task body)
    {
        try
        {
            await body.ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // Any exception the test body throws is its failure, recorded for the report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }
}
