namespace Ldfi.Testing;

/// <summary>
/// The cheap first step of every solve: is there still a single fault no passing run has covered? Under a
/// one-fault assignment a clause holds when it undoes some other fault of its run, or faults an edge its run
/// used; checking that for every candidate in tie-break order is linear, so CP-SAT is only asked once every
/// single fault is covered (then the smallest answer has at least two faults). Returns the same fault
/// CP-SAT would: the first candidate in the planner's weight order.
/// </summary>
internal sealed class SingleFaultScan(LineageModel model)
{
    private readonly List<HashSet<string>> positives = [];

    public Fault? Find(IReadOnlyList<LineageModel.Edge> ordered)
    {
        var clauses = model.Clauses;
        for (var i = positives.Count; i < clauses.Count; i++)
        {
            positives.Add(new HashSet<string>(clauses[i].Positives, StringComparer.Ordinal));
        }

        foreach (var edge in ordered)
        {
            foreach (var value in edge.Values)
            {
                if (SatisfiesAll(edge, value))
                {
                    return value.ToFault(edge.Site);
                }
            }
        }

        return null;
    }

    private bool SatisfiesAll(LineageModel.Edge edge, FaultValue value)
    {
        var clauses = model.Clauses;
        for (var i = 0; i < clauses.Count; i++)
        {
            if (!Satisfies(clauses[i], positives[i], edge, value))
            {
                return false;
            }
        }

        return true;
    }

    private bool Satisfies(LineageModel.Clause clause, HashSet<string> used, LineageModel.Edge edge, FaultValue value)
    {
        foreach (var (id, negative) in clause.Negatives)
        {
            // "Not x" holds for every value but the candidate itself, and always for a value the model cannot pick.
            if (id != edge.Site.Id || negative != value || model.Find(id) is not { } e || !e.Values.Contains(negative))
            {
                return true;
            }
        }

        return used.Contains(edge.Site.Id);
    }
}
