using Ldfi.Testing.Tests.Scenarios;
using Xunit;

namespace Ldfi.Testing.Tests.Identity;

/// <summary>docs/design.md, "Identity of a call across runs": the same call gets the same identity in every run.</summary>
public class IdentityTests
{
    private static readonly (string Callee, string Operation)[] Siblings =
    [
        ("replica", "GET /items/7"),
        ("cache", "GET /"),
        ("replica", "GET /items/8"),
        ("audit", "POST /log"),
        ("replica", "GET /items/9"),
    ];

    [Fact]
    public async Task Concurrent_siblings_that_complete_in_a_different_order_every_run_keep_their_ids_ordered_by_signature_then_ordinal()
    {
        var completions = new List<string>();
        var runs = 0;
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            // Every run releases the siblings in another order, and waits for each before releasing the next,
            // so the calls complete in exactly that order.
            var order = Enumerable.Range(0, Siblings.Length).ToArray();
            new Random(Interlocked.Increment(ref runs)).Shuffle(order);
            var gates = Siblings.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var done = new List<int>();
            var calls = Siblings.Select((s, i) => Sim.TryCall("A", s.Callee, s.Operation, async () =>
            {
                await gates[i].Task;
                lock (done)
                {
                    done.Add(i);
                }

                return 1;
            })).ToArray();
            foreach (var i in order)
            {
                gates[i].SetResult();
                await calls[i];
            }

            var reads = await Task.WhenAll(calls);
            lock (completions)
            {
                completions.Add(string.Join(",", done));
            }

            Catalog.Check(reads.Count(ok => ok) >= 4, "fewer than 4 of 5 siblings answered");
        }, new ExplorationOptions { Faults = FaultKind.Error });

        // The determinism check saw two different completion orders and the same call tree.
        Assert.True(completions.Distinct().Count() > 3, $"completion orders: {string.Join(" ", completions.Distinct())}");
        Assert.Equal(Verdict.Failed, result.Verdict);
        string[] expected =
        [
            "A>audit POST /log#1",
            "A>cache GET /#1",
            "A>replica GET /items/{n}#1",
            "A>replica GET /items/{n}#2",
            "A>replica GET /items/{n}#3",
        ];
        Assert.All(result.Runs, run => Assert.Equal(expected, run.Calls.Select(c => c.Site.Id)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.CallSites.Select(s => s.Id).Order(StringComparer.Ordinal));

        // Faults planned from earlier runs hit the same sibling although it completed at another time.
        Assert.All(result.Runs.Where(r => r.Kind == RunKind.Experiment), run =>
        {
            Assert.Equal(run.Planned, run.Injected);
            Assert.True(run.NotInjected.IsEmpty);
        });
        Assert.Equal(2, result.FailingFaultSet!.Count);
    }

    [Fact]
    public async Task A_retry_is_the_same_signature_with_the_next_ordinal_at_every_depth()
    {
        async Task Retry(string caller, string callee, int attempts, Func<Task<int>>? body = null)
        {
            for (var attempt = 1; attempt < attempts; attempt++)
            {
                if (await Sim.TryCall(caller, callee, "GET /stock/42", body))
                {
                    return;
                }
            }

            await Sim.Call(caller, callee, "GET /stock/42", body ?? (() => Task.FromResult(1)));
        }

        var result = await FaultExplorer.ExploreAsync(
            _ => Retry("A", "B", 2, async () =>
            {
                await Retry("B", "C", 2);
                return 1;
            }),
            new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 3, FindAllFailures = true });

        const string b1 = "A>B GET /stock/{n}#1", b2 = "A>B GET /stock/{n}#2";
        string[] sites = [b1, $"{b1} | B>C GET /stock/{{n}}#1", $"{b1} | B>C GET /stock/{{n}}#2", b2, $"{b2} | B>C GET /stock/{{n}}#1", $"{b2} | B>C GET /stock/{{n}}#2"];
        Assert.Equal(sites.Order(StringComparer.Ordinal), result.CallSites.Select(s => s.Id).Order(StringComparer.Ordinal));
        var retry = CallSite.Parse(sites[5]);
        Assert.Equal((2, 2, b2), (retry.Ordinal, retry.Parent!.Ordinal, retry.Parent.Id));

        // Retries are only seen once the attempt before failed; the failing sets name each attempt by its ordinal.
        Assert.Equal([b1, sites[1]], result.Baseline.AllCalls.Select(c => c.Site.Id));
        Assert.Equal(Verdict.Failed, result.Verdict);
        string[] failing = [$"{b1}; {b2}", $"{b1}; {sites[4]}; {sites[5]}", $"{sites[1]}; {sites[2]}; {b2}"];
        Assert.Equal(failing.Order(StringComparer.Ordinal), result.FailingFaultSets.Select(s => string.Join("; ", s.Select(f => f.Site.Id))).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("GET /orders/42", "GET /orders/{n}")]
    [InlineData("GET /orders/42?expand=lines#top", "GET /orders/{n}")]
    [InlineData("GET /orders/-3.5", "GET /orders/{n}")]
    [InlineData("GET /orders/9b2f1c4e-8d6a-4f0b-9c3e-1a2b3c4d5e6f/lines/7", "GET /orders/{guid}/lines/{n}")]
    [InlineData("GET /blobs/0xdeadbeefcafe42", "GET /blobs/{hex}")]
    [InlineData("GET /blobs/da39a3ee5e6b4b0d3255bfef95601890afd80709", "GET /blobs/{hex}")]
    [InlineData("GET /blobs/5f4dcc3b5aa765d61d8327deb882cf99", "GET /blobs/{guid}")]
    [InlineData("GET /orders/ord_8f3k2m9x", "GET /orders/{id}")]
    [InlineData("GET /events/2025-11-25T16:15:00Z", "GET /events/{id}")]
    [InlineData("GET /health", "GET /health")]
    [InlineData("GET /v2/orders", "GET /v2/orders")]
    [InlineData("GET /sku/ab12", "GET /sku/ab12")]
    [InlineData("ChargeAsync", "ChargeAsync")]
    public void Ids_guids_numbers_and_queries_in_paths_are_normalised(string raw, string normalised) =>
        Assert.Equal(normalised, OperationNormalizer.Normalize(raw));

    [Fact]
    public async Task A_call_whose_path_carries_a_fresh_id_every_run_is_the_same_call_site_in_every_run()
    {
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var order = Guid.NewGuid();
            await Sim.Call("shop", "orders", $"POST /orders/{order}/lines/{Random.Shared.Next(1, 1000)}?at={DateTime.UtcNow:O}", async () =>
            {
                await Sim.TryCall("orders", "audit", $"POST /audit/ord_{Random.Shared.Next(10_000_000, 99_999_999)}");
                return 1;
            }, ct: ct);
        }, new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Delay, FindAllFailures = true });

        // Not Flaky: the baseline and its determinism check had the same call tree.
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(["shop>orders POST /orders/{guid}/lines/{n}#1", "shop>orders POST /orders/{guid}/lines/{n}#1 | orders>audit POST /audit/{id}#1"], result.CallSites.Select(s => s.Id));

        // Every planned fault found its call, although the raw path differed in every run.
        Assert.All(result.Runs.Where(r => !r.Planned.IsEmpty), run => Assert.Equal(run.Planned, run.Injected));
        Assert.Equal(["Delay", "Error"], result.FailingFaultSets.Select(s => Assert.Single(s)).Select(f => f.Value).Order());
    }

    [Fact]
    public async Task Calls_that_only_appear_under_faults_enter_the_model_and_are_faulted_in_later_experiments()
    {
        // A calls P; on P's failure it falls back to S, whose handler needs its own store D.
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            if (!await Sim.TryCall("A", "P"))
            {
                await Sim.Call("A", "S", "GET /", async () => await Sim.Call("S", "D", ct: ct), ct: ct);
            }
        }, new ExplorationOptions { Faults = FaultKind.Error, FindAllFailures = true });

        Assert.Equal(["A>P GET /#1"], result.Baseline.AllCalls.Select(c => c.Site.Id));
        Assert.Equal(["A>P GET /#1", "A>S GET /#1", "A>S GET /#1 | S>D GET /#1"], result.CallSites.Select(s => s.Id));
        var experiments = result.Runs.Where(r => r.Kind == RunKind.Experiment).ToList();
        var firstSeen = experiments.FindIndex(r => r.AllCalls.Any(c => c.Site.Callee == "S"));
        var firstFaulted = experiments.FindIndex(r => r.Planned.Any(f => f.Callee is "S" or "D"));
        Assert.InRange(firstSeen, 0, firstFaulted - 1);
        Assert.Equal(["D#1,P#1", "P#1,S#1"], result.FailingFaultSets.Select(s => string.Join(",", Catalog.Shape(s))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_planned_fault_whose_call_never_happens_is_reported_as_not_injected()
    {
        // A replayed snapshot names a call the system no longer makes (identity drift after a code change).
        var stale = FaultSetDescription.Parse("Error @ A>B GET /v1/stock#1\nDelay @ A>C GET /#1");
        var seen = new List<(IReadOnlyList<Fault> Injected, FaultSet Planned)>();
        var options = new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Delay, MaxFaults = 1 };
        options.Replay.Add(stale);

        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await Sim.Call("A", "B", "GET /v2/stock", ct: ct);
            await Sim.TryCall("A", "C");
            seen.Add((FaultInjection.Current!.Injected, FaultInjection.Current.Planned));
        }, options);

        var replay = Assert.Single(result.Runs, r => r.Kind == RunKind.Replay);
        Assert.Equal(stale.Faults, replay.Planned);
        Assert.Equal(["Delay @ A>C GET /#1"], replay.Injected.Select(f => $"{f.Value} @ {f.Site.Id}"));
        Assert.Equal(["Error @ A>B GET /v1/stock#1"], replay.NotInjected.Select(f => $"{f.Value} @ {f.Site.Id}"));
        Assert.Contains(replay.AllCalls, c => c.Site.Id == "A>B GET /v2/stock#1" && c.Outcome == CallOutcome.Succeeded);
        Assert.Contains(seen, s => s.Planned.Equals(stale.Faults) && s.Injected.Count == 1);

        // The exploration goes on over the calls that did happen and finds the real weak spot.
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal("A>B GET /v2/stock#1", Assert.Single(result.FailingFaultSet!).Site.Id);
    }

    [Fact]
    public async Task A_planned_fault_is_not_injected_when_the_system_takes_another_path()
    {
        // A nondeterministic system: every other run calls C instead of B. With the determinism check off, the
        // explorer plans faults on calls that then do not happen, and says so.
        var runs = 0;
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var callee = Interlocked.Increment(ref runs) % 2 == 1 ? "B" : "C";
            await Sim.Call("A", callee, ct: ct);
        }, new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1, CheckDeterminism = false });

        var missed = Assert.Single(result.Runs, r => !r.NotInjected.IsEmpty);
        Assert.Equal("Error @ A>B GET /#1", FaultSetDescription.From(missed.NotInjected).ToString());
        Assert.True(missed.Injected.IsEmpty);
        Assert.Equal("A>C GET /#1", Assert.Single(missed.AllCalls).Site.Id); // the call that happened in its place

        // No planned fault ever fired, so "Tolerant" here rests on runs that tested nothing: the NotInjected
        // report (and the determinism check, on by default) is what exposes it.
        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.All(result.Runs, r => Assert.True(r.Injected.IsEmpty));
    }
}
