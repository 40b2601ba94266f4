using System.Globalization;
using Google.OrTools.Sat;

namespace Ldfi.Testing;

/// <summary>
/// The answer of <see cref="CpSatSearch"/> without the whole model, when the seed order allows it. Every set of the
/// smallest size k holding an edge of rank r or later has a position sum of at least First(r) plus the first positions
/// of the k - 1 first edges; once a set of size k with sum S is found among the first M edges and that bound exceeds S
/// for r = M, no set elsewhere ties or beats it. So a small model over the first M edges (variables for the rest fixed
/// to "no fault": a clause with a negative there always holds, a support edge there never helps) is solved, and M is
/// widened (to every edge whose bound does not exceed S, or fourfold when the prefix has no answer of size k). When the
/// prefix's best set is larger than k, nothing shows that no smaller set exists elsewhere: the caller asks the whole model.
/// </summary>
internal sealed class PrefixSearch(LineageModel model, SeedOrder order, int smallest, int initial)
{
    private readonly List<(ulong[] Support, IReadOnlyList<(string Edge, FaultValue Value)> Negatives)> rows = [];
    private int[] vars = [];

    /// <summary>Returns true when the answer was decided (<paramref name="result"/> null: no set at all).</summary>
    public bool TrySolve(IReadOnlyCollection<FaultSet> excluded, out FaultSet? result)
    {
        order.Refresh();
        Read();
        result = null;
        var count = order.Edges.Count;
        var m = Math.Min(count, Math.Max(initial, smallest));
        while (true)
        {
            var positions = Solve(m, excluded);
            if (positions is null)
            {
                if (m == count)
                {
                    return true; // the prefix is the whole model
                }

                m = Math.Min(count, m * 4);
                continue;
            }

            if (positions.Length != smallest)
            {
                return false;
            }

            var rest = 0;
            for (var r = 0; r < smallest - 1; r++)
            {
                rest += order.First[order.Edges[r].Index];
            }

            var sum = positions.Sum();
            var widened = m;
            while (widened < count && order.First[order.Edges[widened].Index] + rest <= sum)
            {
                widened++;
            }

            if (widened == m)
            {
                result = new FaultSet(positions.Select(p => order.Slots[p].Value.ToFault(order.Slots[p].Edge.Site)));
                return true;
            }

            m = widened; // the set found stays a candidate, so the next answer's sum is at most this one's
        }
    }

    /// <summary>Reads the supports of clauses added since the last call (edges added later are never in them).</summary>
    private void Read()
    {
        var clauses = model.Clauses;
        for (var i = rows.Count; i < clauses.Count; i++)
        {
            var support = new ulong[(model.Edges.Count + 63) / 64];
            foreach (var id in clauses[i].Positives)
            {
                var e = model.Find(id)!.Index;
                support[e >> 6] |= 1UL << e;
            }

            rows.Add((support, clauses[i].Negatives));
        }
    }

    /// <summary>The best set by rank among the first <paramref name="m"/> edges, of size at least the smallest; null when none.</summary>
    private int[]? Solve(int m, IReadOnlyCollection<FaultSet> excluded)
    {
        var slotCount = m < order.Edges.Count ? order.First[order.Edges[m].Index] : order.Slots.Count;
        var maxFaults = model.Options.MaxFaults;
        var cp = new CpModel();
        var proto = cp.Model;
        vars = new int[slotCount];
        var any = new Dictionary<int, int>(); // edge index -> literal "some fault on it"
        var objective = new CpObjectiveProto();
        var big = ((long)slotCount + 1) * maxFaults;
        var total = Variable(proto, smallest, maxFaults);
        var totalSum = Linear(proto, 0, 0);
        totalSum.Vars.Add(total);
        totalSum.Coeffs.Add(1);
        for (var r = 0; r < m; r++)
        {
            var edge = order.Edges[r];
            var first = order.First[edge.Index];
            var values = edge.Values.Count;
            var anySum = values > 1 ? Linear(proto, 0, 0) : null; // any = sum x also keeps at most one value per edge
            for (var v = 0; v < values; v++)
            {
                var x = Variable(proto, 0, 1);
                vars[first + v] = x;
                objective.Vars.Add(x);
                objective.Coeffs.Add(big + first + v);
                totalSum.Vars.Add(x);
                totalSum.Coeffs.Add(-1);
                if (anySum is null)
                {
                    any[edge.Index] = x;
                }
                else
                {
                    anySum.Vars.Add(x);
                    anySum.Coeffs.Add(-1);
                }
            }

            if (anySum is not null)
            {
                var a = Variable(proto, 0, 1);
                anySum.Vars.Add(a);
                anySum.Coeffs.Add(1);
                any[edge.Index] = a;
            }
        }

        // Masking: an Error or Status on an ancestor in the prefix means no fault on the descendant.
        for (var r = 0; r < m; r++)
        {
            var edge = order.Edges[r];
            for (var p = edge.Site.Parent; p is not null; p = p.Parent)
            {
                if (model.Find(p.Id) is not { } ancestor || order.Rank[ancestor.Index] >= m)
                {
                    continue;
                }

                for (var v = 0; v < ancestor.Values.Count; v++)
                {
                    if (ancestor.Values[v].Masks)
                    {
                        Or(proto, [Not(Var(order.First[ancestor.Index] + v)), Not(any[edge.Index])]);
                    }
                }
            }
        }

        var literals = new List<int>();
        foreach (var (support, negatives) in rows)
        {
            if (negatives.Count > maxFaults || !Negatives(negatives, m, literals))
            {
                continue; // the clause holds for every set the prefix can pick
            }

            var inside = 0;
            for (var r = 0; r < m; r++)
            {
                inside += Contains(support, order.Edges[r].Index) ? 1 : 0;
            }

            if (inside <= m - inside + 1)
            {
                var or = new BoolArgumentProto();
                or.Literals.AddRange(literals.Select(Not));
                for (var r = 0; r < m; r++)
                {
                    var e = order.Edges[r].Index;
                    if (Contains(support, e))
                    {
                        or.Literals.Add(any[e]);
                    }
                }

                if (or.Literals.Count == 0)
                {
                    return null; // no set of the prefix satisfies this clause
                }

                proto.Constraints.Add(new ConstraintProto { BoolOr = or });
                continue;
            }

            // Enforced by the negatives: total minus the faulted edges outside the support is at least one.
            var outside = Linear(proto, 1, maxFaults, literals);
            outside.Vars.Add(total);
            outside.Coeffs.Add(1);
            for (var r = 0; r < m; r++)
            {
                var e = order.Edges[r].Index;
                if (!Contains(support, e))
                {
                    outside.Vars.Add(any[e]);
                    outside.Coeffs.Add(-1);
                }
            }
        }

        foreach (var set in excluded)
        {
            literals.Clear();
            var pickable = true;
            foreach (var fault in set)
            {
                var position = order.PositionOf(fault);
                pickable &= position >= 0 && position < slotCount;
                literals.Add(pickable ? Var(position) : 0);
            }

            if (!pickable)
            {
                continue;
            }

            if (set.Count >= maxFaults)
            {
                Or(proto, [.. literals.Select(Not)]);
            }
            else
            {
                var bigger = Linear(proto, set.Count + 1, maxFaults, literals);
                bigger.Vars.Add(total);
                bigger.Coeffs.Add(1);
            }
        }

        proto.Objective = objective;
        var best = Run(cp, enumerate: false, out var value);
        if (best is null || best.Length == 1)
        {
            return best; // one fault: its position is fixed by the objective, so no tie
        }

        proto.Objective = null;
        var tie = Linear(proto, value, value);
        tie.Vars.AddRange(objective.Vars);
        tie.Coeffs.AddRange(objective.Coeffs);
        return Run(cp, enumerate: true, out _) ?? best;
    }

    /// <summary>The literals of the negatives; false when one lies outside the prefix or is not a value the model can pick.</summary>
    private bool Negatives(IReadOnlyList<(string Edge, FaultValue Value)> negatives, int m, List<int> literals)
    {
        literals.Clear();
        foreach (var (id, value) in negatives)
        {
            if (model.Find(id) is not { } edge || order.Rank[edge.Index] >= m || order.PositionOf(edge.Index, value) is var p && p < 0)
            {
                return false;
            }

            literals.Add(Var(p));
        }

        return true;
    }

    private int[]? Run(CpModel cp, bool enumerate, out long objective)
    {
        using var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1 random_seed:{model.Options.Seed} max_time_in_seconds:120 cp_model_presolve:false symmetry_level:0 cp_model_probing_level:0 linearization_level:0{(enumerate ? " enumerate_all_solutions:true" : string.Empty)}"),
        };
        using var ties = enumerate ? new Ties(vars) : null;
        var status = ties is null ? solver.Solve(cp) : solver.Solve(cp, ties);
        objective = 0;
        if (status == CpSolverStatus.Infeasible)
        {
            return null;
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            throw new InvalidOperationException($"The CP-SAT solver gave up ({status}) on a prefix model of {cp.Model.Variables.Count} variables and {cp.Model.Constraints.Count} constraints.");
        }

        if (ties is not null)
        {
            return ties.Best;
        }

        objective = (long)Math.Round(solver.ObjectiveValue);
        var solution = solver.Response!.Solution;
        return [.. Enumerable.Range(0, vars.Length).Where(p => solution[vars[p]] != 0)];
    }

    /// <summary>The variable of a position of the prefix.</summary>
    private int Var(int position) => vars[position];

    private static int Variable(CpModelProto proto, long lo, long hi)
    {
        proto.Variables.Add(new IntegerVariableProto { Domain = { lo, hi } });
        return proto.Variables.Count - 1;
    }

    private static LinearConstraintProto Linear(CpModelProto proto, long lo, long hi, IEnumerable<int>? enforcement = null)
    {
        var linear = new LinearConstraintProto { Domain = { lo, hi } };
        var ct = new ConstraintProto { Linear = linear };
        ct.EnforcementLiteral.AddRange(enforcement ?? []);
        proto.Constraints.Add(ct);
        return linear;
    }

    private static void Or(CpModelProto proto, int[] literals) =>
        proto.Constraints.Add(new ConstraintProto { BoolOr = new BoolArgumentProto { Literals = { literals } } });

    private static bool Contains(ulong[] support, int edge) =>
        (edge >> 6) < support.Length && (support[edge >> 6] & (1UL << edge)) != 0;

    private static int Not(int literal) => -literal - 1;

    /// <summary>Collects every optimal solution, keeping the first by rank (positions ascending, lexicographically).</summary>
    private sealed class Ties(int[] vars) : CpSolverSolutionCallback
    {
        public int[]? Best { get; private set; }

        public override void OnSolutionCallback()
        {
            int[] positions = [.. Enumerable.Range(0, vars.Length).Where(p => SolutionBooleanValue(vars[p]))];
            if (Best is null || SeedOrder.Compare(positions, Best) < 0)
            {
                Best = positions;
            }
        }
    }
}
