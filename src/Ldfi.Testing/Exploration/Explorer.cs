namespace Ldfi.Testing;

/// <summary>The solve / run / learn loop of one exploration (DESIGN.md, "The search, precisely").</summary>
internal sealed class Explorer(Func<CancellationToken, Task> test, ExplorationOptions options)
{
    private readonly RunExecutor executor = new(test, options);
    private readonly LineageModel model = new(options);
    private readonly List<ExperimentRun> runs = [];
    private readonly List<FaultSet> failing = [];
    private readonly long started = options.TimeProvider.GetTimestamp();
    private IFaultSetPlanner? planner;
    private int experiments;

    public async Task<ExplorationResult> RunAsync(CancellationToken ct)
    {
        var baseline = await RunAsync(FaultSet.Empty, RunKind.Baseline, ct).ConfigureAwait(false);
        if (!baseline.Passed)
        {
            return Result(Verdict.BaselineFailed);
        }

        if (options.CheckDeterminism && await CheckBaselineAsync(baseline, ct).ConfigureAwait(false) is { } problem)
        {
            return Result(Verdict.Flaky, problem);
        }

        model.AddPassing(baseline);
        planner = IFaultSetPlanner.Create(model);
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

        return Result(failing.Count > 0 ? Verdict.Failed : Verdict.Tolerant);
    }

    /// <summary>Runs one fault set and learns from it; returns a result when the exploration must stop.</summary>
    private async Task<ExplorationResult?> StepAsync(FaultSet faults, RunKind kind, CancellationToken ct)
    {
        if (experiments >= options.MaxExperiments)
        {
            return Result(Verdict.BudgetExhausted);
        }

        var run = await RunAsync(faults, kind, ct).ConfigureAwait(false);
        if (run.Passed)
        {
            model.AddPassing(run);
            return null;
        }

        var confirm = await RunAsync(faults, RunKind.Confirmation, ct, run.Number).ConfigureAwait(false);
        if (confirm.Passed || run.Injected.IsEmpty)
        {
            return Result(Verdict.Flaky, run.Injected.IsEmpty
                ? $"the run under {faults} failed although none of its faults fired: {run.Failure?.Message}"
                : $"the fault set {faults} failed once and passed when re-run");
        }

        model.AddFailing(run);
        failing.RemoveAll(f => run.Injected.IsSubsetOf(f));
        failing.Add(run.Injected);
        return options.FindAllFailures ? null : Result(Verdict.Failed);
    }

    private async Task<string?> CheckBaselineAsync(ExperimentRun baseline, CancellationToken ct)
    {
        var again = await RunAsync(FaultSet.Empty, RunKind.DeterminismCheck, ct, 0).ConfigureAwait(false);
        if (!again.Passed)
        {
            return $"the test passed once without faults and failed the second time: {again.Failure?.Message}";
        }

        var first = baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        var second = again.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        if (first.SetEquals(second))
        {
            return null;
        }

        var onlyFirst = first.Except(second).Take(3);
        var onlySecond = second.Except(first).Take(3);
        return "the baseline's call tree differs between two runs without faults (identity drift: an id or timestamp in a path, or an ordering race). " +
            $"Only in the first run: [{string.Join("; ", onlyFirst)}]. Only in the second: [{string.Join("; ", onlySecond)}].";
    }

    private async Task<ExperimentRun> RunAsync(FaultSet faults, RunKind kind, CancellationToken ct, int? number = null)
    {
        var counted = number is null;
        var run = await executor.ExecuteAsync(faults, kind, number ?? experiments, ct).ConfigureAwait(false);
        if (counted)
        {
            experiments++;
        }

        runs.Add(run);
        model.Observe(run);
        options.OnProgress?.Invoke(new ExplorationProgress(run, experiments, model.Edges.Count));
        return run;
    }

    private ExplorationResult Result(Verdict verdict, string? problem = null) => new(
        verdict,
        options,
        runs,
        experiments,
        [.. model.Edges.Select(e => e.Site)],
        [.. failing.OrderBy(f => f.Count).ThenBy(f => f.Key, StringComparer.Ordinal)],
        options.TimeProvider.GetElapsedTime(started),
        planner?.Elapsed ?? TimeSpan.Zero,
        problem);
}
