using System.Globalization;
using Google.OrTools.Sat;

namespace Ldfi.Testing;

/// <summary>
/// The CP-SAT model of the lineage model, kept between plans: each edge, value and clause enters it once, when it
/// first appears. One Boolean per (edge, value); per edge "any" (some value) and "mask" (an Error or Status, whose
/// descendants then never happen), at most one value per edge; the fault count <c>total</c> within
/// [smallest, MaxFaults]. A clause is written in whichever form is shorter: "some negative is off, or some support
/// edge is faulted", or, enforced by its negatives, "total minus the faults outside the support is at least one"
/// (a run's support is usually almost every edge, so the second form stays a handful of terms). Temporary
/// constraints (excluded sets, the tie enumeration) are appended last and removed after the solve.
/// </summary>
internal sealed class CpSatSearch
{
    private readonly LineageModel model;
    private readonly SeedOrder order;
    private readonly CpModel cp = new();
    private readonly IntVar total;
    private readonly LinearConstraintProto totalSum;
    private readonly List<EdgeVars> edges = [];
    private readonly List<LinearConstraintProto> complements = [];
    private readonly List<int> pending = [];
    private readonly Dictionary<string, List<int>> orphans = new(StringComparer.Ordinal);
    private readonly List<(BoolVar X, int Position)> slots = [];
    private readonly PrefixSearch prefix;
    private int clausesSeen;
    private int shape = -1;

    /// <param name="model">The lineage model; read, never written.</param>
    /// <param name="order">The seed order shared with the scans.</param>
    /// <param name="smallest">The smallest size of set to look for.</param>
    /// <param name="prefix">How many edges (in seed order) the first restricted model holds (<see cref="PrefixSearch"/>).</param>
    public CpSatSearch(LineageModel model, SeedOrder order, int smallest, int prefix = 8)
    {
        this.model = model;
        this.order = order;
        this.prefix = new PrefixSearch(model, order, smallest, prefix);
        total = cp.NewIntVar(smallest, model.Options.MaxFaults, "total");
        totalSum = Linear(0, 0, [(total.Index, 1)]); // total - sum x = 0, each new x appended
    }

    /// <summary>Gets how many constraints the whole model holds once up to date (for tests: a solve must leave it as it found it; the restricted models of <see cref="PrefixSearch"/> are built per solve, so the whole model is brought up to date here).</summary>
    public int Constraints
    {
        get
        {
            Sync();
            return cp.Model.Constraints.Count;
        }
    }

    /// <summary>The smallest fault set of at least the smallest size (rank as in <see cref="SeedOrder"/>) no clause rules out, and no excluded one.</summary>
    public FaultSet? Solve(IReadOnlyCollection<FaultSet> excluded)
    {
        if (prefix.TrySolve(excluded, out var decided))
        {
            return decided;
        }

        Sync();
        var proto = cp.Model;
        var permanent = proto.Constraints.Count;
        try
        {
            foreach (var set in excluded)
            {
                Exclude(set);
            }

            var first = Run(proto, enumerate: false, out var objective);
            if (first is null)
            {
                return null;
            }

            if (first.Length == 1)
            {
                return ToSet(first); // one fault: its position is fixed by the objective, so no tie
            }

            // Equal objective, different sets: enumerate them and keep the first by rank, as the scans would.
            var weights = proto.Objective;
            proto.Objective = null;
            var tie = Linear(objective, objective, []);
            tie.Vars.AddRange(weights.Vars);
            tie.Coeffs.AddRange(weights.Coeffs);
            try
            {
                return ToSet(Run(proto, enumerate: true, out _) ?? first);
            }
            finally
            {
                proto.Objective = weights;
            }
        }
        finally
        {
            while (proto.Constraints.Count > permanent)
            {
                proto.Constraints.RemoveAt(proto.Constraints.Count - 1);
            }
        }
    }

    private int[]? Run(CpModelProto proto, bool enumerate, out long objective)
    {
        using var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1 random_seed:{model.Options.Seed} max_time_in_seconds:120 cp_model_presolve:false symmetry_level:0 cp_model_probing_level:0 linearization_level:0{(enumerate ? " enumerate_all_solutions:true" : string.Empty)}"),
        };
        using var ties = enumerate ? new Ties(slots) : null;
        var status = ties is null ? solver.Solve(cp) : solver.Solve(cp, ties);
        objective = 0;
        if (status == CpSolverStatus.Infeasible)
        {
            return null;
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException($"The CP-SAT solver gave up ({status}) on a model of {proto.Variables.Count} variables and {proto.Constraints.Count} constraints.");
        }

        if (ties is not null)
        {
            return ties.Best;
        }

        objective = (long)Math.Round(solver.ObjectiveValue);
        return [.. slots.Where(s => solver.BooleanValue(s.X)).Select(s => s.Position).Order()];
    }

    private FaultSet ToSet(int[] positions) =>
        new(positions.Select(p => order.Slots[p].Value.ToFault(order.Slots[p].Edge.Site)));

    /// <summary>Forbids exactly this set, not its supersets: with all its faults on, total must exceed its size.</summary>
    private void Exclude(FaultSet set)
    {
        var literals = new List<int>();
        foreach (var fault in set)
        {
            if (model.Find(fault.Site.Id) is not { } edge || edge.Index >= edges.Count || !edges[edge.Index].X.TryGetValue(FaultValue.Of(fault), out var x))
            {
                return; // the model cannot pick this set at all
            }

            literals.Add(x.Index);
        }

        if (set.Count >= model.Options.MaxFaults)
        {
            var or = new BoolArgumentProto(); // nothing larger fits the budget: just "not all of them"
            or.Literals.AddRange(literals.Select(Not));
            cp.Model.Constraints.Add(new ConstraintProto { BoolOr = or });
            return;
        }

        Linear(set.Count + 1, model.Options.MaxFaults, [(total.Index, 1)], literals);
    }

    /// <summary>Adds the edges, values and clauses the model learned since the last solve, and re-weighs the objective when the order changed.</summary>
    private void Sync()
    {
        if (shape != model.Shape)
        {
            shape = model.Shape;
            for (var e = edges.Count; e < model.Edges.Count; e++)
            {
                AddEdge(model.Edges[e]);
            }

            foreach (var edge in model.Edges)
            {
                foreach (var value in edge.Values)
                {
                    if (!edges[edge.Index].X.ContainsKey(value))
                    {
                        AddValue(edge, value);
                    }
                }
            }

            pending.RemoveAll(TryAddClause);
            Reweigh();
        }

        for (; clausesSeen < model.Clauses.Count; clausesSeen++)
        {
            if (!TryAddClause(clausesSeen))
            {
                pending.Add(clausesSeen);
            }
        }
    }

    private void AddEdge(LineageModel.Edge edge)
    {
        var any = cp.NewBoolVar(string.Empty);
        var mask = cp.NewBoolVar(string.Empty);
        var amo = new ConstraintProto { AtMostOne = new BoolArgumentProto() };
        cp.Model.Constraints.Add(amo);
        edges.Add(new EdgeVars(any, mask, Linear(0, 0, [(any.Index, 1)]), Linear(0, 0, [(mask.Index, 1)]), amo.AtMostOne, []));
        foreach (var ct in complements)
        {
            ct.Vars.Add(any.Index); // a new edge is outside every earlier support
            ct.Coeffs.Add(-1);
        }

        for (var p = edge.Site.Parent; p is not null; p = p.Parent)
        {
            if (model.Find(p.Id) is { } ancestor && ancestor.Index < edges.Count)
            {
                AddMasking(ancestor.Index, edge.Index);
            }
            else
            {
                (orphans.TryGetValue(p.Id, out var list) ? list : orphans[p.Id] = []).Add(edge.Index);
            }
        }

        if (orphans.Remove(edge.Site.Id, out var descendants))
        {
            foreach (var d in descendants)
            {
                AddMasking(edge.Index, d);
            }
        }
    }

    private void AddValue(LineageModel.Edge edge, FaultValue value)
    {
        var vars = edges[edge.Index];
        var x = cp.NewBoolVar(string.Empty);
        vars.X[value] = x;
        vars.Amo.Literals.Add(x.Index);
        Append(vars.AnySum, x.Index);
        if (value.Masks)
        {
            Append(vars.MaskSum, x.Index);
        }

        Append(totalSum, x.Index);
    }

    private static void Append(LinearConstraintProto ct, int x)
    {
        ct.Vars.Add(x);
        ct.Coeffs.Add(-1);
    }

    /// <summary>An Error or Status on an ancestor means the descendant never happens: no fault on it with that.</summary>
    private void AddMasking(int ancestor, int descendant) => cp.Model.Constraints.Add(new ConstraintProto
    {
        BoolOr = new BoolArgumentProto { Literals = { Not(edges[ancestor].Mask.Index), Not(edges[descendant].Any.Index) } },
    });

    /// <summary>Returns false while a negative names a value the model cannot pick (the clause holds for every assignment until then).</summary>
    private bool TryAddClause(int i)
    {
        var clause = model.Clauses[i];
        var negatives = new List<int>();
        foreach (var (id, value) in clause.Negatives)
        {
            if (model.Find(id) is not { } edge || !edges[edge.Index].X.TryGetValue(value, out var x))
            {
                return false;
            }

            negatives.Add(x.Index);
        }

        var support = new HashSet<int>(clause.Positives.Select(id => model.Find(id)!.Index));
        if (support.Count <= edges.Count - support.Count)
        {
            var or = new BoolArgumentProto();
            or.Literals.AddRange(negatives.Select(Not));
            or.Literals.AddRange(support.Select(e => edges[e].Any.Index));
            cp.Model.Constraints.Add(new ConstraintProto { BoolOr = or });
            return true;
        }

        var outside = Linear(1, model.Options.MaxFaults, [(total.Index, 1)], negatives);
        for (var e = 0; e < edges.Count; e++)
        {
            if (!support.Contains(e))
            {
                Append(outside, edges[e].Any.Index);
            }
        }

        complements.Add(outside);
        return true;
    }

    /// <summary>Fewest faults first, then the smallest sum of positions (the first two keys of the rank).</summary>
    private void Reweigh()
    {
        order.Refresh();
        var big = ((long)order.Slots.Count + 1) * model.Options.MaxFaults;
        var objective = new CpObjectiveProto();
        slots.Clear();
        for (var p = 0; p < order.Slots.Count; p++)
        {
            var (edge, value) = order.Slots[p];
            var x = edges[edge.Index].X[value];
            slots.Add((x, p));
            objective.Vars.Add(x.Index);
            objective.Coeffs.Add(big + p);
        }

        cp.Model.Objective = objective;
    }

    /// <summary>Adds lo &lt;= sum terms &lt;= hi, only enforced when all <paramref name="enforcement"/> literals hold.</summary>
    private LinearConstraintProto Linear(long lo, long hi, (int Var, long Coeff)[] terms, IEnumerable<int>? enforcement = null)
    {
        var linear = new LinearConstraintProto { Domain = { lo, hi } };
        foreach (var (v, c) in terms)
        {
            linear.Vars.Add(v);
            linear.Coeffs.Add(c);
        }

        var ct = new ConstraintProto { Linear = linear };
        ct.EnforcementLiteral.AddRange(enforcement ?? []);
        cp.Model.Constraints.Add(ct);
        return linear;
    }

    private static int Not(int literal) => -literal - 1;

    private sealed record EdgeVars(BoolVar Any, BoolVar Mask, LinearConstraintProto AnySum, LinearConstraintProto MaskSum, BoolArgumentProto Amo, Dictionary<FaultValue, BoolVar> X);

    /// <summary>Collects every optimal solution, keeping the first by rank (positions ascending, lexicographically).</summary>
    private sealed class Ties(List<(BoolVar X, int Position)> slots) : CpSolverSolutionCallback
    {
        public int[]? Best { get; private set; }

        public override void OnSolutionCallback()
        {
            int[] positions = [.. slots.Where(s => BooleanValue(s.X)).Select(s => s.Position).Order()];
            if (Best is null || SeedOrder.Compare(positions, Best) < 0)
            {
                Best = positions;
            }
        }
    }
}
