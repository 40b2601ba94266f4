using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// Why a parallel exploration (<see cref="ExplorationOptions.Parallelism"/>) ran the rest of its experiments one at a
/// time: an experiment that ran beside others behaved differently when it was re-run alone, so the experiments
/// interfere through state they share (a stub server reset by one test's tear-down, a database, a static cache).
/// Only the lone run counted; see <see cref="ExplorationResult.ParallelismFallback"/>.
/// </summary>
public sealed class ParallelismFallback
{
    private ParallelismFallback(ExperimentRun besideOthers, ExperimentRun alone, FaultSet notFired, IReadOnlyList<CallSite> vanished, IReadOnlyList<CallSite> appeared, IReadOnlyList<string> changed)
    {
        BesideOthers = besideOthers;
        Alone = alone;
        FaultsNotFiredBesideOthers = notFired;
        VanishedCalls = vanished;
        AppearedCalls = appeared;
        ChangedAnswers = changed;
    }

    /// <summary>Gets the number of the experiment whose two runs differed; from it on, experiments ran one at a time.</summary>
    public int Experiment => Alone.Number;

    /// <summary>Gets the run that ran beside other experiments. It did not count and is not in <see cref="ExplorationResult.Runs"/>.</summary>
    public ExperimentRun BesideOthers { get; }

    /// <summary>Gets the same fault set re-run with no other experiment running: the run that counted.</summary>
    public ExperimentRun Alone { get; }

    /// <summary>Gets the planned faults that fired alone but not beside others (their call never happened there).</summary>
    public FaultSet FaultsNotFiredBesideOthers { get; }

    /// <summary>Gets the calls of the lone run that did not happen beside others.</summary>
    public IReadOnlyList<CallSite> VanishedCalls { get; }

    /// <summary>Gets the calls that happened beside others only.</summary>
    public IReadOnlyList<CallSite> AppearedCalls { get; }

    /// <summary>Gets the calls that got another answer beside others, each as <c>{call}: {answer beside others} beside others, {answer alone} alone</c>.</summary>
    public IReadOnlyList<string> ChangedAnswers { get; }

    /// <summary>Gets a value indicating whether the test passed one way and failed the other.</summary>
    public bool OutcomeChanged => BesideOthers.Passed != Alone.Passed;

    /// <summary>Gets a value indicating whether the runs differed at the boundaries (faults that fired, calls, answers), not only in the outcome.</summary>
    internal bool BoundariesDiffer => !FaultsNotFiredBesideOthers.IsEmpty || VanishedCalls.Count > 0 || AppearedCalls.Count > 0 || ChangedAnswers.Count > 0;

    /// <summary>Gets what differed, in one sentence.</summary>
    public string Reason
    {
        get
        {
            var parts = new List<string>();
            if (OutcomeChanged)
            {
                parts.Add($"it {(BesideOthers.Passed ? "passed" : "failed")} beside others and {(Alone.Passed ? "passed" : "failed")} alone");
            }

            if (!FaultsNotFiredBesideOthers.IsEmpty)
            {
                parts.Add($"planned faults fired alone but not beside others: {FaultsNotFiredBesideOthers}");
            }

            if (ChangedAnswers.Count > 0)
            {
                parts.Add($"calls answered differently: {Few(ChangedAnswers)}");
            }

            if (VanishedCalls.Count > 0)
            {
                parts.Add($"calls vanished beside others: {Few(VanishedCalls.Select(s => s.ToString()))}");
            }

            if (AppearedCalls.Count > 0)
            {
                parts.Add($"calls made only beside others: {Few(AppearedCalls.Select(s => s.ToString()))}");
            }

            return $"experiment #{Experiment} under {Alone.Planned} behaved differently beside other experiments than alone ({string.Join("; ", parts)})";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Reason;

    /// <summary>Compares a run beside others with its lone re-run; null when they behaved the same.</summary>
    internal static ParallelismFallback? Between(ExperimentRun besideOthers, ExperimentRun alone)
    {
        var there = LoneRun.ById(besideOthers);
        var here = LoneRun.ById(alone);
        var notFired = new FaultSet(alone.Injected.Where(f => besideOthers.Injected.For(f.Site) != f));
        var vanished = alone.AllCalls.Where(c => !there.ContainsKey(c.Site.Id)).Select(c => c.Site).ToList();
        var appeared = besideOthers.AllCalls.Where(c => !here.ContainsKey(c.Site.Id)).Select(c => c.Site).ToList();
        var changed = alone.AllCalls
            .Where(c => there.TryGetValue(c.Site.Id, out var other) && LoneRun.Answer(other) != LoneRun.Answer(c))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Site}: {LoneRun.Answer(there[c.Site.Id])} beside others, {LoneRun.Answer(c)} alone"))
            .ToList();
        var fallback = new ParallelismFallback(besideOthers, alone, notFired, vanished, appeared, changed);
        return fallback.OutcomeChanged || fallback.BoundariesDiffer ? fallback : null;
    }

    private static string Few(IEnumerable<string> items)
    {
        var all = items.ToList();
        return string.Join(", ", all.Take(3)) + (all.Count > 3 ? $" and {all.Count - 3} more" : string.Empty);
    }
}
