namespace Ldfi.Testing;

/// <summary>
/// The exact answer for fault sets of three faults on models small enough to walk, without CP-SAT: the candidates are
/// visited in <see cref="SeedOrder"/> rank (position sum, then positions ascending), so the first one no clause rules
/// out is what CP-SAT returns. A set F is ruled out by a clause when F holds all of its negatives and faults no edge
/// of its support, so only clauses of at most three negatives matter, looked up by the candidate's own positions.
/// Asked only once no set of one or two faults is left (<see cref="SmallFaultSetScan"/>).
/// </summary>
internal sealed class TripleFaultSetScan(LineageModel model, SeedOrder order)
{
    /// <summary>The most candidate checks (candidates × clauses without negatives, plus one) a scan may cost before CP-SAT is the faster path.</summary>
    internal const long WorkLimit = 20_000_000;

    private readonly List<(ulong[] Support, (int Edge, FaultValue Value)[] Negatives)> rows = [];
    private ClauseIndex? index;

    /// <summary>
    /// Returns false when the model is too large to walk (ask CP-SAT); otherwise true, with the first uncovered set of
    /// three faults in rank order that is not excluded, or null when every one is covered or excluded.
    /// </summary>
    public bool TryFind(IReadOnlySet<string> excluded, out FaultSet? found)
    {
        found = null;
        // The index is kept between plans: rebuilt only when the order's positions changed (Refresh makes a new slot
        // list; another scan may have refreshed the shared order first), else extended by the clauses learnt since.
        order.Refresh();
        if (index is null || !ReferenceEquals(index.Slots, order.Slots))
        {
            index = new ClauseIndex(order);
        }

        Sync();
        index.AddFrom(rows);
        var slots = order.Slots;
        long n = slots.Count;
        if (n * (n - 1) * (n - 2) / 6 * (index.Zero.Count + 1) > WorkLimit)
        {
            return false;
        }

        for (var sum = 3; sum <= (3 * n) - 6; sum++)
        {
            for (var a = 0; 3 * a + 3 <= sum; a++)
            {
                for (var b = Math.Max(a + 1, sum - a - (int)n + 1); 2 * b < sum - a; b++)
                {
                    var c = sum - a - b;
                    if (Valid(slots, a, b, c) && !index.RulesOut(slots, a, b, c) && !IsExcluded(slots, a, b, c, excluded, out var set))
                    {
                        found = set;
                        return true;
                    }
                }
            }
        }

        return true;
    }

    private static bool IsExcluded(IReadOnlyList<(LineageModel.Edge Edge, FaultValue Value)> slots, int a, int b, int c, IReadOnlySet<string> excluded, out FaultSet set)
    {
        set = new FaultSet([slots[a].Value.ToFault(slots[a].Edge.Site), slots[b].Value.ToFault(slots[b].Edge.Site), slots[c].Value.ToFault(slots[c].Edge.Site)]);
        return excluded.Count > 0 && excluded.Contains(set.Key);
    }

    /// <summary>Three distinct edges, none faulted below an Error or Status (its callee never runs, so neither do its calls).</summary>
    private static bool Valid(IReadOnlyList<(LineageModel.Edge Edge, FaultValue Value)> slots, int a, int b, int c)
    {
        var (x, y, z) = (slots[a], slots[b], slots[c]);
        return x.Edge != y.Edge && y.Edge != z.Edge && x.Edge != z.Edge
            && Compatible(x, y) && Compatible(x, z) && Compatible(y, z);
    }

    private static bool Compatible((LineageModel.Edge Edge, FaultValue Value) f, (LineageModel.Edge Edge, FaultValue Value) g) =>
        !(f.Value.Masks && g.Edge.Site.IsDescendantOf(f.Edge.Site)) && !(g.Value.Masks && f.Edge.Site.IsDescendantOf(g.Edge.Site));

    /// <summary>Reads the clauses added since the last scan; each is read once.</summary>
    private void Sync()
    {
        var clauses = model.Clauses;
        for (var i = rows.Count; i < clauses.Count; i++)
        {
            rows.Add((model.SupportOf(clauses[i]), model.NegativesOf(clauses[i])));
        }
    }

    /// <summary>The clauses that can rule out a set of three, keyed by the sorted positions of their negatives.</summary>
    private sealed class ClauseIndex(SeedOrder order)
    {
        private readonly Dictionary<(int, int, int), List<ulong[]>> byNegatives = [];
        private int indexed;

        /// <summary>Gets the slot list whose positions the index uses.</summary>
        public IReadOnlyList<(LineageModel.Edge Edge, FaultValue Value)> Slots { get; } = order.Slots;

        /// <summary>Indexes the rows not indexed yet.</summary>
        public void AddFrom(List<(ulong[] Support, (int Edge, FaultValue Value)[] Negatives)> rows)
        {
            for (; indexed < rows.Count; indexed++)
            {
                var (support, negatives) = rows[indexed];
                if (negatives.Length > 3)
                {
                    continue;
                }

                var positions = negatives.Select(neg => neg.Edge < 0 ? -1 : order.PositionOf(neg.Edge, neg.Value)).Order().ToArray();
                if (positions.Length > 0 && positions[0] < 0)
                {
                    continue; // names a value the model cannot pick: holds for every candidate
                }

                if (positions.Length == 0)
                {
                    Zero.Add(support);
                    continue;
                }

                var key = (positions[0], positions.Length > 1 ? positions[1] : -1, positions.Length > 2 ? positions[2] : -1);
                if (!byNegatives.TryGetValue(key, out var list))
                {
                    byNegatives[key] = list = [];
                }

                list.Add(support);
            }
        }

        /// <summary>Gets the supports of clauses without negatives (the fault-free runs).</summary>
        public List<ulong[]> Zero { get; } = [];

        public bool RulesOut(IReadOnlyList<(LineageModel.Edge Edge, FaultValue Value)> slots, int a, int b, int c)
        {
            var (ea, eb, ec) = (slots[a].Edge.Index, slots[b].Edge.Index, slots[c].Edge.Index);
            bool Misses(ulong[] support) => !Has(support, ea) && !Has(support, eb) && !Has(support, ec);
            bool Any((int, int, int) key) => byNegatives.TryGetValue(key, out var list) && list.Exists(Misses);
            return Zero.Exists(Misses)
                || Any((a, -1, -1)) || Any((b, -1, -1)) || Any((c, -1, -1))
                || Any((a, b, -1)) || Any((a, c, -1)) || Any((b, c, -1)) || Any((a, b, c));
        }

        private static bool Has(ulong[] support, int edge) =>
            (edge >> 6) < support.Length && (support[edge >> 6] & (1UL << edge)) != 0;
    }
}
