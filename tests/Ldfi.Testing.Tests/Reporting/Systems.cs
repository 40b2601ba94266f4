using Ldfi.Testing.Tests.Scenarios;

namespace Ldfi.Testing.Tests.Reporting;

/// <summary>Small simulated systems for the report tests, beside the catalog's.</summary>
internal static class Systems
{
    public static Task<ExplorationResult> Explore(string id, bool findAll = false) =>
        FaultExplorer.ExploreAsync(Catalog.Get(id).Test, Catalog.Options(findAll: findAll));

    /// <summary>A calls P then X (optional); when P fails it answers from B instead, so X disappears and B appears. Fails on {P, B}.</summary>
    public static async Task FallbackWithoutX(CancellationToken ct)
    {
        if (await Sim.TryCall("A", "P"))
        {
            await Sim.TryCall("A", "X", "GET /extras/{id}");
            return;
        }

        await Sim.Call("A", "B", "GET /backup", ct: ct);
    }

    /// <summary>Fails the first time any fault fires, passes afterwards: the confirmation re-run passes.</summary>
    public static Func<CancellationToken, Task> FlakyOnce()
    {
        var failures = 0;
        return async _ =>
        {
            await Sim.TryCall("A", "B");
            if (FaultInjection.Current?.WasInjected() == true && Interlocked.Increment(ref failures) == 1)
            {
                throw new InvalidOperationException("failed once under faults");
            }
        };
    }

    public static async Task AlwaysFails(CancellationToken ct)
    {
        await Sim.Call("A", "B", ct: ct);
        throw new InvalidOperationException("expected 200 but got 500");
    }
}
