namespace Ldfi.Testing;

/// <summary>
/// Runs the test body once under a fault set, with the experiment context, its virtual clock and the deadline. A run
/// is over only when its body (tear-down included) has finished: a stopped run is cancelled and waited for, so it
/// can never overlap the next one. Runs of one exploration that overlap in time (speculation) are marked
/// <see cref="ExperimentRun.BesideOthers"/>, every one of them, so the explorer can check them against a lone run.
/// </summary>
internal sealed class RunExecutor(Func<CancellationToken, Task> test, ExplorationOptions options)
{
    private readonly RunSettings settings = new(options);
    private readonly HashSet<ExperimentRun> active = [];

    public async Task<ExperimentRun> ExecuteAsync(FaultSet planned, RunKind kind, int number, CancellationToken cancellationToken)
    {
        var run = new ExperimentRun(number, kind, planned);
        Begin(run);
        try
        {
            return await ExecuteAsync(run, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (active)
            {
                active.Remove(run);
            }
        }
    }

    private void Begin(ExperimentRun run)
    {
        lock (active)
        {
            active.Add(run);
            if (active.Count > 1)
            {
                foreach (var each in active)
                {
                    each.BesideOthers = true;
                }
            }
        }
    }

    private async Task<ExperimentRun> ExecuteAsync(ExperimentRun run, CancellationToken cancellationToken)
    {
        var planned = run.Planned;
        var context = new RunContext(run, settings);
        var time = options.TimeProvider;
        var start = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Stopping);
        Task body;
        using (Ambient.Enter(context, parent: null))
        {
            // The body starts on the thread pool, in the run's context. A start the pool delays costs wall time only: the
            // clock stands still while the start is queued (SettleWatcher counts the pool's queue). A thread created per
            // run cost 0.3 ms, a tenth of a typical experiment.
            body = Task.Run(() => test(stop.Token), CancellationToken.None);
        }

        var settle = new SettleWatcher(context.Threads);
        var drive = await ClockDriver.DriveAsync(context.Clock, settle, body, options.Deadline, stopWhenHung: true, options.RealTimeLimit, time).ConfigureAwait(false);
        run.VirtualDuration = context.Clock.Now;
        if (drive.Outcome == DriveOutcome.Completed)
        {
            run.Failure = await FailureOf(body).ConfigureAwait(false);
        }
        else
        {
            run.DeadlineExceeded = true;
            run.Failure = Stopped(drive, planned, context);
            context.Stop();
            await stop.CancelAsync().ConfigureAwait(false);

            // Held responses have returned; let cancellations and back-offs unwind on the clock until the body is done.
            var unwind = await ClockDriver.DriveAsync(context.Clock, settle, body, deadline: null, stopWhenHung: false, options.StopGracePeriod, time).ConfigureAwait(false);
            if (unwind.Outcome != DriveOutcome.Completed)
            {
                run.StillRunning = context.Clock.DescribeWaits();
                _ = body.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        context.End();
        run.RealTimers = context.Clock.RealTimers;
        run.Duration = time.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();
        return run;
    }

    private DeadlineExceededException Stopped(DriveResult drive, FaultSet planned, RunContext context) => drive.Outcome switch
    {
        DriveOutcome.Hung => DeadlineExceededException.Unguarded(planned, drive.State!.Held),
        DriveOutcome.Deadline => DeadlineExceededException.For(planned, options.Deadline, drive.State?.NearestGuard, drive.State?.Held ?? []),
        _ when !context.Clock.Enabled => DeadlineExceededException.For(planned, options.RealTimeLimit, null, []),
        _ => DeadlineExceededException.RealTime(planned, options.RealTimeLimit, context.Clock.Now, context.Clock.DescribeWaits()),
    };

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
