using System.Numerics;

namespace Ldfi.Testing;

/// <summary>
/// The exact answer for fault sets of one and two faults, without CP-SAT. A fault set F violates a clause only when
/// F holds all of the clause's negatives and no edge of its support, so a clause with three or more negatives never
/// rules out a set of one or two. For a value f, V(f) are the clauses ruling out {f} alone (no negative but f, and f's
/// edge outside the support). {f} is uncovered when V(f) is empty; {f, g} is uncovered when g's edge lies in the
/// support of every clause of V(f), f's edge in every support of V(g), and every clause whose negatives are exactly
/// {f, g} has f's or g's edge in its support. Both scans walk the candidates in <see cref="SeedOrder"/> rank, so
/// they return what CP-SAT returns for the same size. The clause index grows with the model: each clause is read once.
/// </summary>
internal sealed class SmallFaultSetScan(LineageModel model, SeedOrder order)
{
    private readonly List<Row> rows = [];
    private readonly List<int> pending = [];
    private readonly List<int> zero = [];
    private readonly Dictionary<(int, FaultValue), List<int>> one = [];
    private readonly Dictionary<((int, FaultValue), (int, FaultValue)), List<int>> two = [];
    private readonly List<List<int>> zeroMissing = [];
    private readonly List<int> zeroSeen = [];
    private int shape = -1;

    /// <summary>Returns the first uncovered single fault in rank order whose set is not excluded.</summary>
    public Fault? Single(IReadOnlySet<string> excluded)
    {
        Sync();
        var slots = order.Slots;
        for (var p = 0; p < slots.Count; p++)
        {
            var (edge, value) = slots[p];
            if (Blocking(edge.Index, value).Count == 0)
            {
                var fault = value.ToFault(edge.Site);
                if (excluded.Count == 0 || !excluded.Contains(fault.Key))
                {
                    return fault;
                }
            }
        }

        return null;
    }

    /// <summary>Returns the first uncovered pair in rank order (smallest position sum, then smallest first position) not excluded.</summary>
    public FaultSet? Pair(IReadOnlySet<string> excluded)
    {
        Sync();
        var slots = order.Slots;
        var blocking = new List<int>?[slots.Count];
        var hits = new ulong[(model.Edges.Count + 63) / 64];
        var best = (Sum: int.MaxValue, A: -1, B: -1);
        for (var a = 0; a < slots.Count && (2 * a) + 1 < best.Sum; a++)
        {
            var (fe, fv) = slots[a];
            var vf = blocking[a] ??= Blocking(fe.Index, fv);
            if (!Hits(vf, hits))
            {
                continue;
            }

            var found = false;
            for (var r = order.Rank[fe.Index] + 1; r < order.Edges.Count && !found; r++)
            {
                var ge = order.Edges[r];
                var start = order.First[ge.Index];
                if (a + start >= best.Sum)
                {
                    break;
                }

                if ((hits[ge.Index >> 6] & (1UL << ge.Index)) == 0 || (fv.Masks && ge.Site.IsDescendantOf(fe.Site)))
                {
                    continue;
                }

                var masked = fe.Site.IsDescendantOf(ge.Site);
                for (var b = start; b < start + ge.Values.Count && a + b < best.Sum; b++)
                {
                    var gv = slots[b].Value;
                    if ((masked && gv.Masks) || !InAllSupports(fe.Index, blocking[b] ??= Blocking(ge.Index, gv)) || !PairClausesHold(fe.Index, fv, ge.Index, gv))
                    {
                        continue;
                    }

                    if (excluded.Count > 0 && excluded.Contains(Key(fv.ToFault(fe.Site), gv.ToFault(ge.Site))))
                    {
                        continue;
                    }

                    best = (a + b, a, b);
                    found = true;
                    break;
                }
            }
        }

        return best.A < 0 ? null : new FaultSet([slots[best.A].Value.ToFault(slots[best.A].Edge.Site), slots[best.B].Value.ToFault(slots[best.B].Edge.Site)]);
    }

    private static string Key(Fault f, Fault g) =>
        string.CompareOrdinal(f.Site.Id, g.Site.Id) < 0 ? f.Key + ";" + g.Key : g.Key + ";" + f.Key;

    /// <summary>Reads the clauses added since the last call, and activates waiting ones whose negatives became pickable.</summary>
    private void Sync()
    {
        order.Refresh();
        while (zeroMissing.Count < model.Edges.Count)
        {
            zeroMissing.Add([]);
            zeroSeen.Add(0);
        }

        var clauses = model.Clauses;
        var waiting = pending.Count;
        for (var i = rows.Count; i < clauses.Count; i++)
        {
            rows.Add(new Row(model.SupportOf(clauses[i]), model.NegativesOf(clauses[i])));
            pending.Add(i);
        }

        if (shape == model.Shape && waiting == pending.Count)
        {
            return; // nothing new, and the waiting clauses still name values the model cannot pick
        }

        shape = model.Shape;
        pending.RemoveAll(i => TryActivate(i));
    }

    /// <summary>A clause with a negative the model cannot pick holds for every assignment, until the value appears.</summary>
    private bool TryActivate(int i)
    {
        var negatives = rows[i].Negatives;
        if (negatives.Any(n => n.Edge < 0 || !model.Edges[n.Edge].Values.Contains(n.Value)))
        {
            return false;
        }

        switch (negatives.Length)
        {
            case 0:
                zero.Add(i);
                break;
            case 1:
                ListFor(one, negatives[0]).Add(i);
                break;
            case 2:
                var (x, y) = Ordered(negatives[0], negatives[1]);
                ListFor(two, (x, y)).Add(i);
                break;
            default:
                break; // three or more negatives: never violated by one or two faults
        }

        return true;
    }

    private static List<int> ListFor<TKey>(Dictionary<TKey, List<int>> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }

    /// <summary>A pair's key, by edge index (a run never has two faults on one edge).</summary>
    private static ((int, FaultValue), (int, FaultValue)) Ordered((int Edge, FaultValue Value) x, (int Edge, FaultValue Value) y) =>
        x.Edge <= y.Edge ? (x, y) : (y, x);

    /// <summary>V(f): the active clauses that rule out {f} alone.</summary>
    private List<int> Blocking(int edge, FaultValue value)
    {
        var missing = zeroMissing[edge];
        for (var z = zeroSeen[edge]; z < zero.Count; z++)
        {
            if (!Contains(rows[zero[z]].Support, edge))
            {
                missing.Add(zero[z]);
            }
        }

        zeroSeen[edge] = zero.Count;
        if (!one.TryGetValue((edge, value), out var own))
        {
            return missing;
        }

        var result = new List<int>(missing);
        result.AddRange(own.Where(i => !Contains(rows[i].Support, edge)));
        return result;
    }

    /// <summary>Intersects the supports of <paramref name="clauses"/> into <paramref name="hits"/>; false when empty.</summary>
    private bool Hits(List<int> clauses, ulong[] hits)
    {
        Array.Fill(hits, ulong.MaxValue);
        foreach (var i in clauses)
        {
            var support = rows[i].Support;
            var any = 0UL;
            for (var w = 0; w < hits.Length; w++)
            {
                hits[w] &= w < support.Length ? support[w] : 0;
                any |= hits[w];
            }

            if (any == 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool InAllSupports(int edge, List<int> clauses) => clauses.TrueForAll(i => Contains(rows[i].Support, edge));

    private bool PairClausesHold(int fe, FaultValue fv, int ge, FaultValue gv) =>
        !two.TryGetValue(Ordered((fe, fv), (ge, gv)), out var clauses)
        || clauses.TrueForAll(i => Contains(rows[i].Support, fe) || Contains(rows[i].Support, ge));

    private static bool Contains(ulong[] support, int edge) =>
        (edge >> 6) < support.Length && (support[edge >> 6] & (1UL << edge)) != 0;

    /// <summary>A clause's support as a bitset over edge indices (edges added later are never in it) and its negatives.</summary>
    private sealed record Row(ulong[] Support, (int Edge, FaultValue Value)[] Negatives);
}
