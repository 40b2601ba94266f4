namespace Ldfi.Testing;

/// <summary>The outcome of <see cref="FaultExplorer.ExploreAsync"/>: the verdict, the failing fault sets and every run.</summary>
public sealed class ExplorationResult
{
    private IReadOnlyList<RealTimer>? realTimers;
    private IReadOnlyList<HardeningAdvice>? hardening;

    internal ExplorationResult(Verdict verdict, ExplorationOptions options, IReadOnlyList<ExperimentRun> runs, int experiments, IReadOnlyList<CallSite> callSites, IReadOnlyList<FaultSet> failing, TimeSpan duration, TimeSpan solverTime, string? problem)
    {
        Verdict = verdict;
        Options = options;
        Runs = runs;
        Experiments = experiments;
        CallSites = callSites;
        FailingFaultSets = failing;
        Duration = duration;
        SolverTime = solverTime;
        Problem = problem;
    }

    /// <summary>Gets how the exploration ended.</summary>
    public Verdict Verdict { get; }

    /// <summary>Gets the options the exploration ran with.</summary>
    public ExplorationOptions Options { get; }

    /// <summary>Gets the number of distinct fault sets run, the baseline included (re-runs that confirm a result are not counted).</summary>
    public int Experiments { get; }

    /// <summary>
    /// Gets every run in order, confirmations and determinism checks included. A run beside others that was re-run alone
    /// (<see cref="LoneReruns"/>) is there as its lone run only.
    /// </summary>
    public IReadOnlyList<ExperimentRun> Runs { get; }

    /// <summary>Gets every call site observed, in the order first seen.</summary>
    public IReadOnlyList<CallSite> CallSites { get; }

    /// <summary>
    /// Gets the first confirmed minimal failing fault set the search found (a smallest one: smaller sets are tried first,
    /// ties broken by <see cref="ExplorationOptions.Seed"/>), or <see langword="null"/> when none was found. The search
    /// for more (<see cref="ExplorationOptions.MoreFailuresBudget"/>) never changes it.
    /// </summary>
    public FaultSet? FailingFaultSet => FirstFailing ?? (FailingFaultSets.Count > 0 ? FailingFaultSets[0] : null);

    /// <summary>
    /// Gets every confirmed minimal failing fault set found, smallest first: all of them within
    /// <see cref="ExplorationOptions.MaxFaults"/> when <see cref="AllFailuresFound"/>, else those found before the search
    /// stopped (<see cref="ExplorationOptions.MoreFailuresBudget"/>).
    /// </summary>
    public IReadOnlyList<FaultSet> FailingFaultSets { get; }

    /// <summary>
    /// Gets a value indicating whether <see cref="FailingFaultSets"/> is every minimal failing fault set within
    /// <see cref="ExplorationOptions.MaxFaults"/>: the search ran dry after the first failure, within
    /// <see cref="ExplorationOptions.MoreFailuresBudget"/> (or with <see cref="ExplorationOptions.FindAllFailures"/>).
    /// False for every verdict but <see cref="Verdict.Failed"/>.
    /// </summary>
    public bool AllFailuresFound { get; init; }

    /// <summary>Gets how many experiments ran after the first confirmed failing fault set, looking for the others.</summary>
    public int ExperimentsAfterFirstFailure { get; init; }

    internal FaultSet? FirstFailing { get; init; }

    /// <summary>Gets the baseline run (no faults).</summary>
    public ExperimentRun Baseline => Runs[0];

    /// <summary>Gets the first failing run of <see cref="FailingFaultSet"/>, the baseline's for <see cref="Verdict.BaselineFailed"/>, or the flaky run.</summary>
    public ExperimentRun? FailingRun => Verdict switch
    {
        Verdict.BaselineFailed => Runs[0],
        Verdict.Flaky => Runs.LastOrDefault(r => !r.Passed) ?? Runs[^1],
        _ => FailingFaultSet is { } set ? Runs.FirstOrDefault(r => !r.Passed && r.Injected.Equals(set)) : null,
    };

    /// <summary>
    /// Gets how many runs of a parallel exploration (<see cref="ExplorationOptions.Parallelism"/>) were started ahead of
    /// the sequential order and never used, because what an earlier run taught led elsewhere. They are not in <see cref="Runs"/>.
    /// </summary>
    public int DiscardedRuns { get; init; }

    /// <summary>
    /// Gets the real timers the experiments armed (<see cref="ExperimentRun.RealTimers"/>), one per API, place, service
    /// and due time, in the order first seen: each was fired on the virtual clock, and each is worth moving onto the
    /// service's <see cref="TimeProvider"/> (<see cref="RealTimer.Fix"/>). The test's own client's timeout is left out.
    /// </summary>
    public IReadOnlyList<RealTimer> RealTimers => realTimers ??= [.. Runs.SelectMany(r => r.RealTimers)
        .Where(t => t.ArmedIn != RealTimer.TestsOwnClient)
        .GroupBy(t => (t.ArmedBy, t.ArmedIn, t.Service, t.DueTime))
        .Select(g => g.FirstOrDefault(t => t.FiredOnClock) ?? g.First())];

    /// <summary>
    /// Gets where to harden, for <see cref="Verdict.Failed"/>: the calls (a call site with all its attempts, any ordinal) in every minimal failing fault set found
    /// (hardening one of them removes every known failure), known patterns first, each with the pattern the recorded
    /// runs show and the idiomatic .NET fix. Empty for other verdicts, and when no call site is in every set.
    /// </summary>
    public IReadOnlyList<HardeningAdvice> Hardening => hardening ??= Ldfi.Testing.Hardening.Of(this);

    /// <summary>
    /// Gets how many runs of a parallel exploration were re-run alone (no other experiment running) because they ran
    /// beside others and did not behave as a lone run would: a planned fault did not fire, a call the passing runs
    /// predicted did not happen or got another answer, or the test failed. Only the lone run counts, and only it is in
    /// <see cref="Runs"/>, except for a failing run whose lone re-run made the same calls with the same answers: that
    /// one counts, and its lone re-run is its confirmation. Zero for a sequential exploration, and for a tolerant one
    /// whose experiments keep no state in common.
    /// </summary>
    public int LoneReruns { get; init; }

    /// <summary>Gets the real time the runs of <see cref="LoneReruns"/> took, the cost of the parallel checks.</summary>
    public TimeSpan LoneRerunTime { get; init; }

    /// <summary>
    /// Gets, when a lone re-run behaved differently from its run beside others (the experiments interfere through
    /// shared state), when that was found and what differed: from that experiment on, the exploration ran one
    /// experiment at a time, and <see cref="Summary"/> says so. Null when the exploration never fell back.
    /// </summary>
    public ParallelismFallback? ParallelismFallback { get; init; }

    /// <summary>Gets how long the whole exploration took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the time spent choosing fault sets (the solver).</summary>
    public TimeSpan SolverTime { get; }

    /// <summary>Gets, for <see cref="Verdict.Flaky"/>, what was nondeterministic; for <see cref="Verdict.Stuck"/>, which run did not stop and what it was doing.</summary>
    public string? Problem { get; }

    /// <summary>Gets a one-line summary, such as <c>Tolerant up to 2 faults: 37 experiments over 14 call sites in 1.8 s</c>.</summary>
    public string Summary
    {
        get
        {
            var stats = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Experiments} experiment{(Experiments == 1 ? string.Empty : "s")} over {CallSites.Count} call site{(CallSites.Count == 1 ? string.Empty : "s")} in {Duration.TotalSeconds:0.0} s");
            if (RealTimers.Count > 0)
            {
                stats += $"; {Phrases.Plural(RealTimers.Count, "real timer")} fired on the virtual clock, see the report";
            }

            if (ParallelismFallback is { } fallback)
            {
                stats += string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; one experiment at a time from experiment #{fallback.Experiment} on, because the experiments share state: {fallback.Reason} ({LoneReruns} lone re-run{(LoneReruns == 1 ? string.Empty : "s")}, {LoneRerunTime.TotalSeconds:0.0} s)");
            }

            return Verdict switch
            {
                Verdict.Tolerant => $"Tolerant up to {Options.MaxFaults} fault{(Options.MaxFaults == 1 ? string.Empty : "s")}: {stats}",
                Verdict.Failed => $"Failed: {FailingFaultSet} breaks the test ({FailingSetsFound()}; {stats})"
                    + (Hardening.FirstOrDefault(h => h.ShortFix is not null) is { } first ? $"; where to harden: {first.Call} ({first.ShortFix})" : string.Empty),
                Verdict.BudgetExhausted => $"Budget exhausted after {stats}: raise MaxExperiments to finish the search",
                Verdict.BaselineFailed => $"The test fails without any fault: {Baseline.Failure?.Message}",
                Verdict.Stuck => $"Stuck: {Problem} ({stats})",
                _ => $"Flaky: {Problem} ({stats})",
            };
        }
    }

    /// <inheritdoc />
    public override string ToString() => Summary;

    private string FailingSetsFound()
    {
        var more = $"{Phrases.Plural(ExperimentsAfterFirstFailure, "experiment")} after the first";
        if (AllFailuresFound)
        {
            var within = $"within {Phrases.Plural(Options.MaxFaults, "fault")}";
            return FailingFaultSets.Count == 1
                ? $"the only minimal failing set {within}{(ExperimentsAfterFirstFailure == 0 ? string.Empty : $", checked in {more}")}"
                : $"all {FailingFaultSets.Count} minimal failing sets {within}, found in {more}";
        }

        const string All = "FindAllFailures = true (Snapshot = true on [FaultTolerant]) finds them all";
        return ExperimentsAfterFirstFailure == 0
            ? $"stopped at the first minimal failing set, there may be more: {All}"
            : $"{Phrases.Plural(FailingFaultSets.Count, "minimal failing set")} found, there may be more: the search stopped {more}; {All}";
    }
}
