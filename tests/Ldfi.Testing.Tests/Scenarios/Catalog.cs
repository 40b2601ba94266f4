namespace Ldfi.Testing.Tests.Scenarios;

/// <summary>One system of the docs/design.md catalog with its known answer.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="Test">The test body: builds fresh state, exercises the system and asserts.</param>
/// <param name="Expected">The expected verdict with MaxFaults 2 and all kinds.</param>
/// <param name="Failing">
/// Every minimal failing set, as sorted "callee#ordinal" lists (kind-agnostic), or null; the first is the
/// smallest, the one a stop-at-first exploration reports. double-charge also fails when the retry is the
/// delayed call (it charged, then timed out): {P#1 fault, Delay on P#2}.
/// </param>
/// <param name="FailingKind">The kind every fault of the first failing set must have, where the catalog names it.</param>
public sealed record Scenario(string Id, Func<CancellationToken, Task> Test, Verdict Expected, string[][]? Failing = null, FaultKind? FailingKind = null)
{
    public override string ToString() => Id;
}

public static class Catalog
{
    public static readonly Scenario[] All =
    [
        new("single", _ => Sim.Call("A", "B"), Verdict.Failed, [["B#1"]]),
        new("retry-once", async _ =>
        {
            if (!await Sim.TryCall("A", "B"))
            {
                await Sim.Call("A", "B");
            }
        }, Verdict.Failed, [["B#1", "B#2"]]),
        new("primary-backup", async _ =>
        {
            if (!await Sim.TryCall("A", "P"))
            {
                await Sim.Call("A", "S");
            }
        }, Verdict.Failed, [["P#1", "S#1"]]),
        new("optional", async _ =>
        {
            await Sim.Call("A", "B");
            await Sim.TryCall("A", "C");
        }, Verdict.Failed, [["B#1"]]),
        new("quorum", async _ =>
        {
            var reads = await Task.WhenAll(Sim.TryCall("A", "R1"), Sim.TryCall("A", "R2"), Sim.TryCall("A", "R3"));
            Check(reads.Count(ok => ok) >= 2, "quorum of 2 replicas not reached");
        }, Verdict.Failed, [["R1#1", "R2#1"], ["R1#1", "R3#1"], ["R2#1", "R3#1"]]),
        new("chain-default", _ => Sim.Call("A", "B", "GET /", async () =>
        {
            await Sim.TryCall("B", "C");
            return 1;
        }), Verdict.Failed, [["B#1"]]),
        new("double-charge", async _ =>
        {
            var charges = 0;
            Task<int> Charge() => Task.FromResult(++charges);
            var paid = await Sim.TryCall("A", "P", "POST /charges", Charge) || await Sim.TryCall("A", "P", "POST /charges", Charge);
            Check(charges == (paid ? 1 : 0), $"the card was charged {charges} times for an order that {(paid ? "was paid" : "failed")}");
        }, Verdict.Failed, [["P#1"], ["P#1", "P#2"]], FaultKind.Delay),
        new("no-timeout", async ct =>
        {
            try
            {
                await Sim.Call("A", "B", "GET /", timeout: false, ct: ct);
            }
            catch (InjectedFaultException)
            {
                // A answers from a default when B is down: only a hang hurts.
            }
        }, Verdict.Failed, [["B#1"]], FaultKind.Delay),
        new("primary-path-only", async _ =>
        {
            if (await Sim.TryCall("A", "P"))
            {
                await Sim.Call("A", "X");
                return;
            }

            if (!await Sim.TryCall("A", "B1") && !await Sim.TryCall("A", "B2"))
            {
                await Sim.Call("A", "B3");
            }
        }, Verdict.Failed, [["X#1"]]),
        new("deep-redundant", async _ =>
        {
            for (var r = 1; r <= 8; r++)
            {
                var op = $"GET /resource-{(char)('a' + r - 1)}";
                if (!await Sim.TryCall("A", "primary", op, codes: [503]) && !await Sim.TryCall("A", "replica1", op, codes: [503]))
                {
                    await Sim.Call("A", "replica2", op, codes: [503]);
                }
            }
        }, Verdict.Tolerant),
    ];

    public static Scenario Get(string id) => All.Single(s => s.Id == id);

    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Options for the catalog: MaxFaults 2, all kinds, a short deadline (only no-timeout reaches it).</summary>
    public static ExplorationOptions Options(ExplorationStrategy strategy = ExplorationStrategy.Exact, bool findAll = false) => new()
    {
        Strategy = strategy,
        FindAllFailures = findAll,
        Deadline = TimeSpan.FromMilliseconds(300),
        MaxExperiments = 10_000,
    };

    /// <summary>A fault set as "callee#ordinal" names, sorted: the kind-agnostic shape the catalog gives.</summary>
    public static string[] Shape(FaultSet set) => [.. set.Select(f => $"{f.Callee}#{f.Ordinal}").Order(StringComparer.Ordinal)];
}
