namespace Ldfi.Testing.Benchmarks;

/// <summary>Builds lineage models of a given size without running anything, through the explorer's own recording types.</summary>
internal sealed class SyntheticModel
{
    private static readonly IReadOnlyList<int> Codes = [500, 503];
    private readonly Random rng;
    private readonly CallSite[] sites;
    private readonly int[] parents;
    private readonly CallRecord[] clean;
    private int runs;

    /// <summary>
    /// <paramref name="edges"/> call sites: a fifth are root calls, each with four child calls; the default options
    /// (all kinds, Status 500 and 503; MaxFaults <paramref name="maxFaults"/>). Then a baseline and <paramref name="clauses"/> - 1 passing runs, each with one
    /// or two random faults on distinct sites (no fault below an Error or Status), every other reached site unfaulted.
    /// </summary>
    public SyntheticModel(int edges, int clauses, int seed, int maxFaults = 2)
    {
        rng = new Random(seed);
        Model = new LineageModel(new ExplorationOptions { MaxFaults = maxFaults });
        var roots = edges / 5;
        sites = new CallSite[edges];
        parents = new int[edges];
        for (var r = 0; r < roots; r++)
        {
            var root = r * 5;
            sites[root] = new CallSite(null, "api", $"svc{r}", "GET /", 1);
            parents[root] = -1;
            for (var c = 1; c < 5; c++)
            {
                sites[root + c] = new CallSite(sites[root], $"svc{r}", $"dep{c}", "GET /", 1);
                parents[root + c] = root;
            }
        }

        // Unfaulted records are shared between runs: the model only reads their site, fault and status codes.
        clean = [.. sites.Select(s => new CallRecord(s, null, Codes))];
        for (var n = 0; n < clauses; n++)
        {
            AddPassingRun();
        }
    }

    public LineageModel Model { get; }

    /// <summary>The same model as the constructor builds (for callers that only need the model).</summary>
    public static LineageModel Build(int edges, int clauses, int seed) => new SyntheticModel(edges, clauses, seed).Model;

    /// <summary>Learns one more passing run: the baseline first, then one or two random faults per run.</summary>
    public void AddPassingRun()
    {
        var n = runs++;
        var edges = sites.Length;
        var faults = new Dictionary<int, Fault>();
        var size = n == 0 ? 0 : rng.Next(1, 3);
        while (faults.Count < size)
        {
            var e = rng.Next(edges);
            var kind = rng.Next(4);
            var fault = new Fault(sites[e], kind switch { 0 => FaultKind.Error, 3 => FaultKind.Delay, _ => FaultKind.Status }, kind is 1 or 2 ? Codes[kind - 1] : null);
            var conflicts = faults.ContainsKey(e) || (parents[e] >= 0 && faults.TryGetValue(parents[e], out var p) && p.Kind != FaultKind.Delay)
                || (parents[e] < 0 && fault.Kind != FaultKind.Delay && faults.Keys.Any(k => parents[k] == e));
            if (!conflicts)
            {
                faults[e] = fault;
            }
        }

        var calls = new List<CallRecord>(edges);
        for (var e = 0; e < edges; e++)
        {
            var masked = parents[e] >= 0 && faults.TryGetValue(parents[e], out var parent) && parent.Kind != FaultKind.Delay;
            if (masked)
            {
                continue;
            }

            calls.Add(faults.TryGetValue(e, out var f)
                ? new CallRecord(sites[e], null, Codes) { Outcome = CallOutcome.Faulted, Fault = f }
                : clean[e]);
        }

        var run = new ExperimentRun(n, n == 0 ? RunKind.Baseline : RunKind.Experiment, new FaultSet(faults.Values))
        {
            AllCalls = calls,
            Injected = new FaultSet(faults.Values),
        };
        Model.AddPassing(run);
    }
}
