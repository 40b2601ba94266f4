using System.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// Every fault set within the bound over the edges seen so far, smallest first, in discovery order; the
/// brute-force reference the other strategies are measured against. Masked sets (a fault below an Error
/// or Status) and supersets of failing sets are skipped, as in the solver.
/// </summary>
internal sealed class ExhaustivePlanner(LineageModel model) : IFaultSetPlanner
{
    private readonly Stopwatch watch = new();
    private readonly List<FaultSet> pending = [];
    private int head;
    private int shape = -1;

    public TimeSpan Elapsed => watch.Elapsed;

    public FaultSet? Next() => Next([]);

    public FaultSet? Next(IReadOnlyCollection<FaultSet> excluded)
    {
        watch.Start();
        try
        {
            if (model.Shape != shape)
            {
                shape = model.Shape;
                pending.Clear();
                pending.AddRange(Enumerate());
                head = 0;
            }

            // Tried sets and supersets of failing ones stay ruled out, so they are dropped for good; excluded ones are only skipped.
            while (head < pending.Count && !Candidate(pending[head]))
            {
                head++;
            }

            var keys = excluded.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            for (var i = head; i < pending.Count; i++)
            {
                if (!keys.Contains(pending[i].Key) && Candidate(pending[i]))
                {
                    return pending[i];
                }
            }

            return null;
        }
        finally
        {
            watch.Stop();
        }
    }

    private bool Candidate(FaultSet set) => !model.WasTried(set) && !model.Failing.Any(f => f.IsSubsetOf(set));

    private IEnumerable<FaultSet> Enumerate()
    {
        var faults = model.Edges.SelectMany(e => e.Values.Select(v => v.ToFault(e.Site))).ToArray();
        for (var size = 1; size <= model.Options.MaxFaults; size++)
        {
            foreach (var combination in Choose(faults, 0, size, []))
            {
                yield return new FaultSet(combination);
            }
        }
    }

    private static IEnumerable<List<Fault>> Choose(Fault[] faults, int start, int size, List<Fault> chosen)
    {
        if (chosen.Count == size)
        {
            yield return [.. chosen];
            yield break;
        }

        for (var i = start; i < faults.Length; i++)
        {
            var f = faults[i];
            if (chosen.Exists(c => c.Site.Equals(f.Site) || Masked(c, f) || Masked(f, c)))
            {
                continue;
            }

            chosen.Add(f);
            foreach (var result in Choose(faults, i + 1, size, chosen))
            {
                yield return result;
            }

            chosen.RemoveAt(chosen.Count - 1);
        }
    }

    private static bool Masked(Fault ancestor, Fault other) =>
        FaultValue.Of(ancestor).Masks && other.Site.IsDescendantOf(ancestor.Site);
}
