namespace Ldfi.Testing.Tests.Solving;

/// <summary>
/// What the planner must answer, by brute force: every fault set within the budget (one value per edge, nothing below an
/// Error or Status), the first by rank (size, sum of seed-order positions, positions lexicographically) that every clause
/// allows and that is not excluded.
/// </summary>
internal static class RankOracle
{
    public static FaultSet? Next(LineageModel model, IReadOnlyCollection<FaultSet> excluded, int smallest = 1)
    {
        var order = new SeedOrder(model);
        order.Refresh();
        var keys = excluded.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        for (var size = smallest; size <= model.Options.MaxFaults; size++)
        {
            int[]? best = null;
            foreach (var positions in Choose(order.Slots.Count, size))
            {
                var faults = positions.Select(p => order.Slots[p].Value.ToFault(order.Slots[p].Edge.Site)).ToArray();
                if (!Valid(faults))
                {
                    continue;
                }

                var set = new FaultSet(faults);
                if (!keys.Contains(set.Key) && model.Clauses.All(c => Holds(model, c, set)) && (best is null || SeedOrder.Compare(positions, best) < 0))
                {
                    best = positions;
                }
            }

            if (best is not null)
            {
                return new FaultSet(best.Select(p => order.Slots[p].Value.ToFault(order.Slots[p].Edge.Site)));
            }
        }

        return null;
    }

    private static bool Valid(Fault[] faults) =>
        faults.Select(f => f.Site.Id).Distinct().Count() == faults.Length
        && !faults.Any(a => FaultValue.Of(a).Masks && faults.Any(d => d.Site.IsDescendantOf(a.Site)));

    /// <summary>A clause holds when a negative is not in the set (or cannot be picked at all), or the set faults a support edge.</summary>
    private static bool Holds(LineageModel model, LineageModel.Clause clause, FaultSet set) =>
        clause.Negatives.Any(n => model.Find(n.Edge) is not { } e || !e.Values.Contains(n.Value) || set.For(e.Site) is not { } f || FaultValue.Of(f) != n.Value)
        || clause.Positives.Any(id => set.Any(f => f.Site.Id == id));

    private static IEnumerable<int[]> Choose(int n, int size)
    {
        var chosen = new int[size];
        return Walk(0, 0);

        IEnumerable<int[]> Walk(int start, int depth)
        {
            if (depth == size)
            {
                yield return [.. chosen];
                yield break;
            }

            for (var i = start; i < n; i++)
            {
                chosen[depth] = i;
                foreach (var c in Walk(i + 1, depth + 1))
                {
                    yield return c;
                }
            }
        }
    }
}
