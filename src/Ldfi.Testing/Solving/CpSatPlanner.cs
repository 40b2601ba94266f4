using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Ldfi.Testing;

/// <summary>
/// The smallest fault set that satisfies every clause of the lineage model, found by OR-Tools CP-SAT:
/// one Boolean per (edge, value), at most one value per edge, the MaxFaults budget, and masking (an
/// Error or Status on a call means its descendants never happen, so they get no fault with it).
/// </summary>
internal sealed class CpSatPlanner(LineageModel model, bool scanSingles = true) : IFaultSetPlanner
{
    private readonly Stopwatch watch = new();
    private readonly SingleFaultScan singles = new(model);

    public TimeSpan Elapsed => watch.Elapsed;

    public FaultSet? Next()
    {
        watch.Start();
        try
        {
            return Solve();
        }
        finally
        {
            watch.Stop();
        }
    }

    private FaultSet? Solve()
    {
        var edges = Order(model.Edges, model.Options.Seed);
        if (edges.Count == 0)
        {
            return null;
        }

        if (scanSingles && singles.Find(edges) is { } single)
        {
            return new FaultSet([single]);
        }

        if (scanSingles && model.Options.MaxFaults < 2)
        {
            return null;
        }

        var cp = new CpModel();
        var vars = new Dictionary<string, BoolVar[]>(StringComparer.Ordinal);
        var any = new Dictionary<string, BoolVar>(StringComparer.Ordinal);
        var masks = new Dictionary<string, BoolVar>(StringComparer.Ordinal);
        var all = new List<BoolVar>();
        var weights = new List<long>();
        var slots = (long)edges.Count * model.Edges.Max(e => Math.Max(1, e.Values.Count));
        foreach (var edge in edges)
        {
            var values = edge.Values;
            if (values.Count == 0)
            {
                continue;
            }

            var x = values.Select((v, i) => cp.NewBoolVar(string.Create(CultureInfo.InvariantCulture, $"e{edge.Index}v{i}"))).ToArray();
            vars[edge.Site.Id] = x;
            all.AddRange(x);
            var first = weights.Count; // position in seed order, read once: AddRange grows the list while it enumerates
            weights.AddRange(x.Select((_, i) => ((slots + 1) * model.Options.MaxFaults) + first + i));
            any[edge.Site.Id] = Or(cp, x, $"any{edge.Index}");
            var masking = x.Where((_, i) => values[i].Masks).ToArray();
            if (masking.Length > 0)
            {
                masks[edge.Site.Id] = Or(cp, masking, $"mask{edge.Index}");
            }
        }

        if (all.Count == 0)
        {
            return null;
        }

        var total = LinearExpr.Sum(all);
        cp.AddLinearConstraint(total, scanSingles ? 2 : 1, model.Options.MaxFaults); // with the scan, every single fault is covered
        AddMasking(cp, any, masks);
        foreach (var clause in model.Clauses)
        {
            if (!AddClause(cp, clause, vars, any))
            {
                return null;
            }
        }

        // Fewest faults first; among those, the earliest call sites in seed order (a deterministic tie-break).
        cp.Minimize(LinearExpr.WeightedSum(all, weights));
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1 random_seed:{model.Options.Seed} max_time_in_seconds:120 cp_model_presolve:false symmetry_level:0 cp_model_probing_level:0 linearization_level:0"),
        };
        var status = solver.Solve(cp);
        if (status == CpSolverStatus.Infeasible)
        {
            return null;
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException($"The CP-SAT solver gave up ({status}) on a model of {all.Count} variables and {model.Clauses.Count} clauses.");
        }

        return new FaultSet(ReadFaults(solver, vars));
    }

    private IEnumerable<Fault> ReadFaults(CpSolver solver, Dictionary<string, BoolVar[]> vars)
    {
        foreach (var (id, x) in vars)
        {
            var edge = model.Find(id)!;
            for (var i = 0; i < x.Length; i++)
            {
                if (solver.BooleanValue(x[i]))
                {
                    yield return edge.Values[i].ToFault(edge.Site);
                }
            }
        }
    }

    /// <summary>Returns false when the clause cannot be satisfied at all (so nothing is left to try).</summary>
    private bool AddClause(CpModel cp, LineageModel.Clause clause, Dictionary<string, BoolVar[]> vars, Dictionary<string, BoolVar> any)
    {
        var literals = new List<ILiteral>();
        foreach (var (id, value) in clause.Negatives)
        {
            var index = vars.TryGetValue(id, out var x) ? IndexOf(model.Find(id)!.Values, value) : -1;
            if (index < 0)
            {
                return true; // "not x" on a value the model cannot pick is always true: the clause holds.
            }

            literals.Add(x![index].Not());
        }

        literals.AddRange(clause.Positives.Where(any.ContainsKey).Select(id => any[id]));
        if (literals.Count == 0)
        {
            return false;
        }

        cp.AddBoolOr(literals);
        return true;
    }

    private static int IndexOf(IReadOnlyList<FaultValue> values, FaultValue value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private void AddMasking(CpModel cp, Dictionary<string, BoolVar> any, Dictionary<string, BoolVar> masks)
    {
        foreach (var edge in model.Edges)
        {
            if (!any.TryGetValue(edge.Site.Id, out var faulted))
            {
                continue;
            }

            for (var p = edge.Site.Parent; p is not null; p = p.Parent)
            {
                if (masks.TryGetValue(p.Id, out var mask))
                {
                    cp.AddBoolOr([mask.Not(), faulted.Not()]);
                }
            }
        }
    }

    private static BoolVar Or(CpModel cp, BoolVar[] x, string name)
    {
        if (x.Length == 1)
        {
            return x[0];
        }

        cp.AddAtMostOne(x);
        var y = cp.NewBoolVar(name);
        cp.Add(LinearExpr.Sum(x) == y);
        return y;
    }

    /// <summary>Seed 0 keeps discovery order; other seeds shuffle it, which changes how ties are broken.</summary>
    private static IReadOnlyList<LineageModel.Edge> Order(IReadOnlyList<LineageModel.Edge> edges, int seed)
    {
        if (seed == 0)
        {
            return edges;
        }

        var shuffled = edges.ToArray();
        new Random(seed).Shuffle(shuffled);
        return shuffled;
    }
}
