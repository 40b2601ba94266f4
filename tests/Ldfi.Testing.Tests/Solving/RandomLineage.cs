namespace Ldfi.Testing.Tests.Solving;

/// <summary>
/// A small random system simulated without running anything, feeding a <see cref="LineageModel"/> the way the explorer
/// does: a call tree where an Error or Status hides the callee's calls, fallback calls that only happen when another call
/// is faulted, a Status code that only shows up under a fault, and random failing fault sets.
/// </summary>
internal sealed class RandomLineage
{
    private readonly CallSite[] sites;
    private readonly int[] parents;
    private readonly int[] triggers; // -1, or the site whose fault makes this one happen
    private readonly int[][] codes;
    private readonly int lateCode; // a site that also offers Status 404 once site 0 is faulted
    private readonly List<string[]> failing = [];
    private int runs;

    public RandomLineage(int seed, int? maxFaults = null)
    {
        var rng = new Random(seed);
        Model = new LineageModel(new ExplorationOptions
        {
            MaxFaults = maxFaults ?? rng.Next(1, 4),
            Seed = rng.Next(3) == 0 ? 0 : rng.Next(1, 100),
            Faults = rng.Next(4) == 0 ? FaultKind.Error | FaultKind.Delay : FaultKind.All,
        });
        var n = rng.Next(2, 8);
        sites = new CallSite[n];
        parents = new int[n];
        triggers = new int[n];
        codes = new int[n][];
        for (var i = 0; i < n; i++)
        {
            parents[i] = i == 0 || rng.Next(2) == 0 ? -1 : rng.Next(i);
            triggers[i] = i > 0 && rng.Next(4) == 0 ? rng.Next(i) : -1;
            sites[i] = new CallSite(parents[i] < 0 ? null : sites[parents[i]], parents[i] < 0 ? "api" : $"s{parents[i]}", $"s{i}", "GET /", 1);
            codes[i] = rng.Next(3) == 0 ? [503] : [500, 503];
        }

        lateCode = rng.Next(n);
        for (var f = rng.Next(0, 4); f > 0; f--)
        {
            var site = rng.Next(n);
            string[] set = rng.Next(2) == 0
                ? [$"{sites[site].Id}=Error"]
                : [$"{sites[site].Id}=Delay", $"{sites[rng.Next(n)].Id}=Status 503"];
            failing.Add(set);
        }
    }

    public LineageModel Model { get; }

    /// <summary>Runs the baseline and learns from it.</summary>
    public void Start() => Learn(FaultSet.Empty);

    /// <summary>Runs <paramref name="planned"/> and teaches the model what happened (passing or failing).</summary>
    public void Learn(FaultSet planned)
    {
        var run = Execute(planned);
        if (run.Passed)
        {
            Model.AddPassing(run);
        }
        else
        {
            Model.AddFailing(run);
        }
    }

    private ExperimentRun Execute(FaultSet planned)
    {
        var occurred = new bool[sites.Length];
        var faulted = new Fault?[sites.Length];
        var calls = new List<CallRecord>();
        for (var i = 0; i < sites.Length; i++)
        {
            var parentOk = parents[i] < 0 || (occurred[parents[i]] && faulted[parents[i]] is not { Kind: FaultKind.Error or FaultKind.Status });
            var triggered = triggers[i] < 0 || faulted[triggers[i]] is not null;
            if (!parentOk || !triggered)
            {
                continue;
            }

            occurred[i] = true;
            faulted[i] = planned.For(sites[i]);
            IReadOnlyList<int> offered = i == lateCode && faulted[0] is not null ? [.. codes[i], 404] : codes[i];
            var record = new CallRecord(sites[i], null, offered);
            if (faulted[i] is { } fault)
            {
                record.Outcome = CallOutcome.Faulted;
                record.Fault = fault;
            }

            calls.Add(record);
        }

        var injected = new FaultSet(faulted.OfType<Fault>());
        var keys = injected.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        return new ExperimentRun(runs++, runs == 1 ? RunKind.Baseline : RunKind.Experiment, planned)
        {
            AllCalls = calls,
            Injected = injected,
            Failure = failing.Exists(set => set.All(keys.Contains)) ? new InvalidOperationException("broken") : null,
        };
    }
}
