namespace Ldfi.Testing;

/// <summary>The solve / run / learn loop of one exploration (docs/design.md, "The search, precisely").</summary>
internal sealed class Explorer(Func<CancellationToken, Task> test, ExplorationOptions options)
{
    private readonly RunExecutor executor = new(test, options);
    private readonly LineageModel model = new(options);
    private readonly List<ExperimentRun> runs = [];
    private readonly List<FaultSet> failing = [];
    private readonly Dictionary<string, ExperimentRun> passing = new(StringComparer.Ordinal);
    private readonly long started = options.TimeProvider.GetTimestamp();
    private Speculation? speculation;
    private IFaultSetPlanner? planner;
    private int experiments;
    private int loneReruns;
    private TimeSpan loneRerunTime;
    private ParallelismFallback? fallback;
    private ExperimentRun? loneConfirmation;
    private int? firstFailureAt;
    private FaultSet? firstFailing;

    public async Task<ExplorationResult> RunAsync(CancellationToken ct)
    {
        try
        {
            return await ExploreAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            // No run of this exploration may outlive it: the next test would share the services with it.
            if (speculation is not null)
            {
                await speculation.DrainAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<ExplorationResult> ExploreAsync(CancellationToken ct)
    {
        var baseline = await RunAsync(FaultSet.Empty, RunKind.Baseline, ct).ConfigureAwait(false);
        if (Stuck(baseline) is { } stuck)
        {
            return stuck;
        }

        if (!baseline.Passed)
        {
            return Result(Verdict.BaselineFailed);
        }

        if (options.CheckDeterminism && await CheckBaselineAsync(baseline, ct).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        Learn(baseline);
        planner = IFaultSetPlanner.Create(model);
        speculation = options.Parallelism > 1 ? new Speculation(planner, executor, options.Parallelism) : null;
        foreach (var replay in options.Replay.Select(r => r.Faults).Where(f => !f.IsEmpty && !model.WasTried(f)))
        {
            if (await StepAsync(replay, RunKind.Replay, ct).ConfigureAwait(false) is { } stop)
            {
                return stop;
            }
        }

        while (planner.Next() is { } next)
        {
            if (await StepAsync(next, RunKind.Experiment, ct).ConfigureAwait(false) is { } stop)
            {
                return stop;
            }
        }

        // The formula ran dry: every minimal failing set within MaxFaults is known.
        return Result(failing.Count > 0 ? Verdict.Failed : Verdict.Tolerant, allFailuresFound: true);
    }

    /// <summary>
    /// Whether the search goes on after a confirmed failure without <see cref="ExplorationOptions.FindAllFailures"/>: for
    /// at most <see cref="ExplorationOptions.MoreFailuresBudget"/> more experiments, to find the other minimal failing sets.
    /// </summary>
    private bool LookingForMore => failing.Count > 0 && !options.FindAllFailures;

    /// <summary>Runs one fault set and learns from it; returns a result when the exploration must stop.</summary>
    private async Task<ExplorationResult?> StepAsync(FaultSet faults, RunKind kind, CancellationToken ct)
    {
        if (LookingForMore && experiments - firstFailureAt >= options.MoreFailuresBudget)
        {
            return Result(Verdict.Failed);
        }

        if (experiments >= options.MaxExperiments)
        {
            return Result(LookingForMore ? Verdict.Failed : Verdict.BudgetExhausted);
        }

        var run = await RunAsync(faults, kind, ct).ConfigureAwait(false);
        if (Stuck(run) is { } stuck)
        {
            return stuck;
        }

        if (run.Passed)
        {
            Learn(run);
            return null;
        }

        // A confirmation runs alone: a failure that only happens beside other runs is not the system's. A failing run
        // beside others was re-run alone already (AloneAsync); when that lone run passed with the same calls and
        // answers, it is the confirmation.
        if (speculation is not null)
        {
            await speculation.QuiesceAsync().ConfigureAwait(false);
        }

        var confirm = loneConfirmation is { } lone && lone.Number == run.Number ? Record(lone) : await RunAsync(faults, RunKind.Confirmation, ct, run.Number).ConfigureAwait(false);
        loneConfirmation = null;
        if (Stuck(confirm) is { } stuckAgain)
        {
            return stuckAgain;
        }

        if (Confirmation.Difference(run, confirm) is { } difference)
        {
            // While looking for more failing sets after a confirmed one, a set that did not fail twice the same way
            // ends the search, not the verdict: the first failure stands, the search is reported incomplete.
            return LookingForMore ? Result(Verdict.Failed) : Result(Verdict.Flaky, difference);
        }

        model.AddFailing(run);
        failing.RemoveAll(f => run.Injected.IsSubsetOf(f));
        failing.Add(run.Injected);
        firstFailureAt ??= experiments;
        if (firstFailing is null || !failing.Contains(firstFailing))
        {
            firstFailing = run.Injected; // the first, or a smaller one inside a replayed set that was not minimal
        }

        return options.FindAllFailures || options.MoreFailuresBudget > 0 ? null : Result(Verdict.Failed);
    }

    private async Task<ExplorationResult?> CheckBaselineAsync(ExperimentRun baseline, CancellationToken ct)
    {
        var again = await RunAsync(FaultSet.Empty, RunKind.DeterminismCheck, ct, 0).ConfigureAwait(false);
        if (Stuck(again) is { } stuck)
        {
            return stuck;
        }

        if (!again.Passed)
        {
            return Result(Verdict.Flaky, $"the test passed once without faults and failed the second time: {again.Failure?.Message}");
        }

        var first = baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        var second = again.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        if (first.SetEquals(second))
        {
            return null;
        }

        var onlyFirst = first.Except(second).Take(3);
        var onlySecond = second.Except(first).Take(3);
        return Result(Verdict.Flaky, "the baseline's call tree differs between two runs without faults (identity drift: an id or timestamp in a path, or an ordering race). " +
            $"Only in the first run: [{string.Join("; ", onlyFirst)}]. Only in the second: [{string.Join("; ", onlySecond)}].");
    }

    private ExplorationResult? Stuck(ExperimentRun run) => run.StillRunning is { } doing
        ? Result(Verdict.Stuck, $"run #{run.Number} ({run.Kind} under {run.Planned}) was stopped ({run.Failure?.GetType().Name}) and was still running " +
            $"{Phrases.Duration(options.StopGracePeriod)} later: {doing}")
        : null;

    private void Learn(ExperimentRun run)
    {
        model.AddPassing(run);
        passing.TryAdd(run.Injected.Key, run);
    }

    private async Task<ExperimentRun> RunAsync(FaultSet faults, RunKind kind, CancellationToken ct, int? number = null)
    {
        var counted = number is null;
        var parallel = kind == RunKind.Experiment && speculation is not null && fallback is null;
        var pending = parallel
            ? speculation!.Take(faults, number ?? experiments, ct)
            : executor.ExecuteAsync(faults, kind, number ?? experiments, ct);
        var run = await pending.ConfigureAwait(false);
        run.Number = number ?? experiments;
        if (parallel && run.BesideOthers && run.StillRunning is null && (!run.Passed || LoneRun.Unexpected(run, passing) is not null))
        {
            run = await AloneAsync(run, ct).ConfigureAwait(false);
        }

        if (counted)
        {
            experiments++;
        }

        return Record(run);
    }

    private ExperimentRun Record(ExperimentRun run)
    {
        runs.Add(run);
        model.Observe(run);
        options.OnProgress?.Invoke(new ExplorationProgress(run, experiments, model.Edges.Count));
        return run;
    }

    /// <summary>
    /// Re-runs a run that ran beside others and did not behave as a lone run would (or failed: a failure is only
    /// confirmed from a lone run) with no other experiment running; the lone run is the one that counts. When the two
    /// differ at the boundaries (faults that fired, calls, answers), the experiments interfere through shared state and
    /// the rest of the exploration runs one at a time. When only the outcome differs, the test itself behaved
    /// differently with the same calls and answers: no fallback. A failing run beside others whose lone re-run made the
    /// same calls with the same answers counts, with its lone run as the confirmation (so one that passed alone is
    /// <see cref="Verdict.Flaky"/>, as in a sequential exploration).
    /// </summary>
    private async Task<ExperimentRun> AloneAsync(ExperimentRun besideOthers, CancellationToken ct)
    {
        await speculation!.QuiesceAsync().ConfigureAwait(false);
        var alone = await executor.ExecuteAsync(besideOthers.Planned, besideOthers.Kind, besideOthers.Number, ct).ConfigureAwait(false);
        alone.Number = besideOthers.Number;
        loneReruns++;
        loneRerunTime += alone.Duration;
        if (alone.StillRunning is not null)
        {
            return alone;
        }

        var differed = ParallelismFallback.Between(besideOthers, alone);
        if (differed is { BoundariesDiffer: true })
        {
            fallback = differed;
            await speculation.DrainAsync().ConfigureAwait(false);
            return alone;
        }

        if (besideOthers.Passed)
        {
            return alone;
        }

        // The same calls and answers: the failing run counts and its lone re-run is its confirmation.
        alone.Kind = RunKind.Confirmation;
        loneConfirmation = alone;
        return besideOthers;
    }

    private ExplorationResult Result(Verdict verdict, string? problem = null, bool allFailuresFound = false) => new(
        verdict,
        options,
        runs,
        experiments,
        [.. model.Edges.Select(e => e.Site)],
        [.. failing.OrderBy(f => f.Count).ThenBy(f => f.Key, StringComparer.Ordinal)],
        options.TimeProvider.GetElapsedTime(started),
        planner?.Elapsed ?? TimeSpan.Zero,
        problem)
    {
        DiscardedRuns = speculation?.Discarded ?? 0,
        LoneReruns = loneReruns,
        LoneRerunTime = loneRerunTime,
        ParallelismFallback = fallback,
        AllFailuresFound = verdict == Verdict.Failed && allFailuresFound,
        FirstFailing = verdict == Verdict.Failed ? firstFailing : null,
        ExperimentsAfterFirstFailure = firstFailureAt is { } first ? experiments - first : 0,
    };
}
