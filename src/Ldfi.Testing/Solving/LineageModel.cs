namespace Ldfi.Testing;

/// <summary>
/// What the passing runs proved, as clauses over the variables x[edge, value] (docs/design.md, "The search,
/// precisely"). Each clause: undo one of the run's faults (<see cref="Clause.Negatives"/>), or fault one of
/// the edges it used without a fault (<see cref="Clause.Positives"/>, "any value on that edge").
/// </summary>
internal sealed class LineageModel(ExplorationOptions options)
{
    private readonly Dictionary<string, Edge> byId = new(StringComparer.Ordinal);
    private readonly List<Edge> edges = [];
    private readonly List<Clause> clauses = [];
    private readonly HashSet<string> tried = new(StringComparer.Ordinal);
    private readonly List<FaultSet> failing = [];

    public IReadOnlyList<Edge> Edges => edges;

    public IReadOnlyList<Clause> Clauses => clauses;

    public IReadOnlyList<FaultSet> Failing => failing;

    public ExplorationOptions Options => options;

    /// <summary>Gets a number that changes whenever an edge or a fault value is added (planners rebuild their order then).</summary>
    public int Shape { get; private set; }

    public bool WasTried(FaultSet set) => tried.Contains(set.Key);

    public Edge? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Adds the edges a run used as variables (new call sites, and Status codes not seen before).</summary>
    public void Observe(ExperimentRun run)
    {
        tried.Add(run.Planned.Key);
        foreach (var call in run.AllCalls)
        {
            if (!byId.TryGetValue(call.Site.Id, out var edge))
            {
                edge = new Edge(call.Site, edges.Count, options.Faults);
                byId[call.Site.Id] = edge;
                edges.Add(edge);
                Shape++;
            }

            if (edge.AddCodes(call.StatusCodes))
            {
                Shape++;
            }
        }
    }

    /// <summary>Learns from a passing run: everything that agrees with it on the edges it used passes too.</summary>
    public void AddPassing(ExperimentRun run)
    {
        Observe(run);
        var negatives = options.Strategy == ExplorationStrategy.MergedSupports
            ? []
            : run.Injected.Select(f => (f.Site.Id, FaultValue.Of(f))).ToArray();
        var positives = run.AllCalls.Where(c => c.Fault is null).Select(c => c.Site.Id).Distinct().ToArray();
        clauses.Add(new Clause(negatives, positives));
        if (options.Strategy != ExplorationStrategy.MergedSupports && options.Faults.HasFlag(FaultKind.Delay))
        {
            AddHeldNothing(run, negatives, positives);
        }
    }

    /// <summary>
    /// A Delay on a call whose in-process callee threw holds nothing (<see cref="CallRecord.DelayHoldsNothing"/>): the run
    /// with Delays added on any such calls is this run again, so it proves its own clause, with those Delays among the
    /// negatives and those calls out of the support. Without these clauses the planner would spend an experiment on each
    /// such Delay only to see the run it already saw.
    /// </summary>
    private void AddHeldNothing(ExperimentRun run, (string Edge, FaultValue Value)[] negatives, string[] positives)
    {
        const int MaxClauses = 256;
        var room = options.MaxFaults - negatives.Length;
        var threw = run.AllCalls.Where(c => c.Fault is null && c.DelayHoldsNothing).OrderBy(c => c.Began).Select(c => c.Site.Id).Distinct().ToArray();
        if (room <= 0 || threw.Length == 0)
        {
            return;
        }

        var delay = new FaultValue(FaultKind.Delay, 0);
        var added = 0;
        foreach (var subset in Subsets(threw, Math.Min(room, threw.Length)))
        {
            if (added++ == MaxClauses)
            {
                return;
            }

            var held = subset.ToHashSet(StringComparer.Ordinal);
            clauses.Add(new Clause([.. negatives, .. subset.Select(id => (id, delay))], [.. positives.Where(p => !held.Contains(p))]));
        }
    }

    // Non-empty subsets of at most max items, smallest first, in a fixed order.
    private static IEnumerable<string[]> Subsets(string[] items, int max)
    {
        IEnumerable<string[]> Of(int size, int from)
        {
            if (size == 0)
            {
                yield return [];
                yield break;
            }

            for (var i = from; i <= items.Length - size; i++)
            {
                foreach (var rest in Of(size - 1, i + 1))
                {
                    yield return [items[i], .. rest];
                }
            }
        }

        for (var size = 1; size <= max; size++)
        {
            foreach (var subset in Of(size, 0))
            {
                yield return subset;
            }
        }
    }

    /// <summary>Forbids a failing fault set and all its supersets (snapshot mode goes on past it).</summary>
    public void AddFailing(ExperimentRun run)
    {
        Observe(run);
        failing.Add(run.Injected);
        clauses.Add(new Clause([.. run.Injected.Select(f => (f.Site.Id, FaultValue.Of(f)))], []));
    }

    /// <summary>A clause's support as a bitset over edge indices (edges added later are never in it).</summary>
    public ulong[] SupportOf(Clause clause)
    {
        var support = new ulong[(edges.Count + 63) / 64];
        foreach (var id in clause.Positives)
        {
            var e = byId[id].Index;
            support[e >> 6] |= 1UL << e;
        }

        return support;
    }

    /// <summary>A clause's negatives by edge index (-1 for an edge the model has not seen).</summary>
    public (int Edge, FaultValue Value)[] NegativesOf(Clause clause) =>
        [.. clause.Negatives.Select(n => (Find(n.Edge)?.Index ?? -1, n.Value))];

    internal sealed record Clause(IReadOnlyList<(string Edge, FaultValue Value)> Negatives, IReadOnlyList<string> Positives);

    internal sealed class Edge(CallSite site, int index, FaultKind kinds)
    {
        private readonly SortedSet<int> codes = [];
        private FaultValue[]? values;

        public CallSite Site { get; } = site;

        public int Index { get; } = index;

        /// <summary>Gets the fault values this edge can take, in a fixed order: Error, Status codes ascending, Delay.</summary>
        public IReadOnlyList<FaultValue> Values => values ??= [.. Compute()];

        /// <summary>Returns true when a code was new (Status faults add values only when the option allows them).</summary>
        public bool AddCodes(IEnumerable<int> more)
        {
            var added = false;
            foreach (var code in more)
            {
                if (codes.Add(code))
                {
                    values = null;
                    added |= kinds.HasFlag(FaultKind.Status);
                }
            }

            return added;
        }

        private IEnumerable<FaultValue> Compute()
        {
            if (kinds.HasFlag(FaultKind.Error))
            {
                yield return new FaultValue(FaultKind.Error, 0);
            }

            if (kinds.HasFlag(FaultKind.Status))
            {
                foreach (var code in codes)
                {
                    yield return new FaultValue(FaultKind.Status, code);
                }
            }

            if (kinds.HasFlag(FaultKind.Delay))
            {
                yield return new FaultValue(FaultKind.Delay, 0);
            }
        }
    }
}
