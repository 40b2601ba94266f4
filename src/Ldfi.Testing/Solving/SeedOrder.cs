namespace Ldfi.Testing;

/// <summary>
/// The planners' tie-break order: every (edge, value) the model can pick, numbered by position. Edges in seed order
/// (seed 0 keeps discovery order, other seeds shuffle it), each edge's values in their fixed order. A fault set's
/// rank is (size, sum of its positions, its positions sorted ascending, compared lexicographically): CP-SAT's
/// objective is the first two, the scans and CP-SAT's tie enumeration apply the third, so every path gives the
/// same answer whatever the history of the model.
/// </summary>
internal sealed class SeedOrder(LineageModel model)
{
    private readonly Dictionary<(int Edge, FaultValue Value), int> positions = [];
    private int shape = -1;

    /// <summary>Gets the edges in seed order.</summary>
    public IReadOnlyList<LineageModel.Edge> Edges { get; private set; } = [];

    /// <summary>Gets the (edge, value) at each position.</summary>
    public IReadOnlyList<(LineageModel.Edge Edge, FaultValue Value)> Slots { get; private set; } = [];

    /// <summary>Gets, per edge index, the first position of its values (its values are consecutive).</summary>
    public IReadOnlyList<int> First { get; private set; } = [];

    /// <summary>Gets, per edge index, its place in <see cref="Edges"/>.</summary>
    public IReadOnlyList<int> Rank { get; private set; } = [];

    /// <summary>Brings the order up to date with the model; returns true when it changed.</summary>
    public bool Refresh()
    {
        if (shape == model.Shape)
        {
            return false;
        }

        shape = model.Shape;
        var edges = model.Edges.ToArray();
        if (model.Options.Seed != 0)
        {
            new Random(model.Options.Seed).Shuffle(edges);
        }

        var slots = new List<(LineageModel.Edge, FaultValue)>();
        var first = new int[edges.Length];
        var rank = new int[edges.Length];
        positions.Clear();
        for (var r = 0; r < edges.Length; r++)
        {
            var edge = edges[r];
            rank[edge.Index] = r;
            first[edge.Index] = slots.Count;
            foreach (var value in edge.Values)
            {
                positions[(edge.Index, value)] = slots.Count;
                slots.Add((edge, value));
            }
        }

        Edges = edges;
        Slots = slots;
        First = first;
        Rank = rank;
        return true;
    }

    /// <summary>Gets the position of a value, or -1 when the model cannot pick it.</summary>
    public int PositionOf(int edge, FaultValue value) => positions.GetValueOrDefault((edge, value), -1);

    /// <summary>Gets the position of a fault, or -1 when the model cannot pick it.</summary>
    public int PositionOf(Fault fault) => model.Find(fault.Site.Id) is { } edge ? PositionOf(edge.Index, FaultValue.Of(fault)) : -1;

    /// <summary>Compares two candidate sets of the same size by the rank above; positions sorted ascending.</summary>
    public static int Compare(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var bySum = a.Sum().CompareTo(b.Sum());
        if (bySum != 0)
        {
            return bySum;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }
}
