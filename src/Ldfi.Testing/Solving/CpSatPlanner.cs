using System.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// The smallest fault set that satisfies every clause of the lineage model, ties broken by <see cref="SeedOrder"/>.
/// Sets of one and two faults come from the exact scans (<see cref="SmallFaultSetScan"/>), and sets of three from
/// <see cref="TripleFaultSetScan"/> while the model is small enough to walk; only beyond that is OR-Tools CP-SAT asked,
/// on a model kept between plans (<see cref="CpSatSearch"/>).
/// </summary>
internal sealed class CpSatPlanner : IFaultSetPlanner
{
    private readonly Stopwatch watch = new();
    private readonly LineageModel model;
    private readonly bool scans;
    private readonly SeedOrder order;
    private readonly SmallFaultSetScan small;
    private readonly TripleFaultSetScan triple;
    private CpSatSearch? search;

    /// <param name="model">The lineage model; read on every call, never written.</param>
    /// <param name="scans">False asks CP-SAT for every size (benchmarks and tests compare the two paths).</param>
    public CpSatPlanner(LineageModel model, bool scans = true)
    {
        this.model = model;
        this.scans = scans;
        order = new SeedOrder(model);
        small = new SmallFaultSetScan(model, order);
        triple = new TripleFaultSetScan(model, order);
    }

    public TimeSpan Elapsed => watch.Elapsed;

    /// <summary>Gets the CP-SAT model once CP-SAT was needed (tests check that solves leave it unchanged).</summary>
    internal CpSatSearch? Search => search;

    public FaultSet? Next() => Next([]);

    public FaultSet? Next(IReadOnlyCollection<FaultSet> excluded)
    {
        watch.Start();
        try
        {
            return Solve(excluded);
        }
        finally
        {
            watch.Stop();
        }
    }

    private FaultSet? Solve(IReadOnlyCollection<FaultSet> excluded)
    {
        if (scans)
        {
            var keys = excluded.Count == 0 ? Empty : excluded.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            if (small.Single(keys) is { } single)
            {
                return new FaultSet([single]);
            }

            if (model.Options.MaxFaults >= 2 && small.Pair(keys) is { } pair)
            {
                return pair;
            }

            if (model.Options.MaxFaults < 3)
            {
                return null;
            }

            if (triple.TryFind(keys, out var three) && (three is not null || model.Options.MaxFaults == 3))
            {
                return three;
            }
        }

        // With the scans, every set of one or two faults is covered or excluded, so CP-SAT starts at three.
        search ??= new CpSatSearch(model, order, smallest: scans ? 3 : 1);
        return search.Solve(excluded);
    }

    private static readonly HashSet<string> Empty = [];
}
