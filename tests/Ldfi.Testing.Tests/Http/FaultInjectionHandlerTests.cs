using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Http;

public sealed class FaultInjectionHandlerTests
{
    private static ExplorationOptions Options => new() { MaxFaults = 2 };

    private static Func<CancellationToken, Task> Page(Services s) => async ct =>
    {
        using var response = await s.Client.GetAsync(new Uri("page/7", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    };

    [Fact]
    public async Task Calls_made_while_serving_a_request_are_attributed_to_the_experiment_and_parent()
    {
        await using var s = await Services.StartAsync();
        var result = await FaultExplorer.ExploreAsync(Page(s), Options);

        var root = Assert.Single(result.Baseline.Calls);
        Assert.Equal(("front", "back", "GET /items/{n}", 1), (root.Site.Caller, root.Site.Callee, root.Site.Operation, root.Site.Ordinal));
        var child = Assert.Single(root.Children);
        Assert.Equal(("back", "store", "GET /tags/{n}"), (child.Site.Caller, child.Site.Callee, child.Site.Operation));
        Assert.All(result.Baseline.AllCalls, c => Assert.Equal(CallOutcome.Succeeded, c.Outcome));
    }

    [Fact]
    public async Task Finds_the_declared_404_that_the_callers_retry_does_not_cover()
    {
        await using var s = await Services.StartAsync();
        var result = await FaultExplorer.ExploreAsync(Page(s), Options);

        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal((FaultKind.Status, 404, "back", 1), (fault.Kind, fault.StatusCode, fault.Callee, fault.Ordinal));
        // The declared 404 (the item may be gone: the state of the world) adds to the default 500 and 503.
        Assert.Equal([404, 500, 503], Assert.Single(result.Baseline.AllCalls, c => c.Site.Callee == "back").StatusCodes);
    }

    [Fact]
    public async Task Another_tests_service_of_the_same_name_never_changes_the_declared_codes()
    {
        await using var s = await Services.StartAsync();
        await using var other = await new Verdicts.Apps().StartAsync("back", null, app => app.MapGet("/value", () => "v").Produces(409));
        var result = await FaultExplorer.ExploreAsync(Page(s), Options);

        Assert.True(result.Verdict == Verdict.Failed, Describe(result));
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal((FaultKind.Status, 404), (fault.Kind, fault.StatusCode));
        Assert.Equal([404, 500, 503], Assert.Single(result.Baseline.AllCalls, c => c.Site.Callee == "back").StatusCodes);
    }

    [Fact]
    public async Task A_route_that_declares_no_codes_gets_the_default_codes_even_when_another_tests_service_of_the_same_name_declares_some()
    {
        await using var apps = new Verdicts.Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/value", () => "42")); // declares nothing
        await apps.StartAsync("front", services => apps.To(services, "back"), app => app.MapGet("/page", async (IHttpClientFactory factory) =>
        {
            using var response = await factory.CreateClient("back").GetAsync(new Uri("value", UriKind.Relative));
            return response.IsSuccessStatusCode ? Results.Ok() : Results.StatusCode(502);
        }));
        // Started last, so the process-wide hint for "back GET /value" is its 409 (as a test running in parallel can do).
        await using var other = await new Verdicts.Apps().StartAsync("back", null, app => app.MapGet("/value", () => "v").Produces(409));
        var client = apps.Client("front");

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            new ExplorationOptions { Faults = FaultKind.Status, MaxFaults = 1, FindAllFailures = true });

        Assert.Equal([500, 503], result.Runs.SelectMany(r => r.Planned).Select(f => f.StatusCode!.Value).Distinct().Order());
    }

    [Fact]
    public async Task The_applications_retry_sees_each_injected_fault_per_attempt()
    {
        await using var s = await Services.StartAsync();
        var result = await FaultExplorer.ExploreAsync(Page(s), new ExplorationOptions { Faults = FaultKind.Error });

        var retried = Assert.Single(result.Runs, r => r.Injected.Count == 1 && r.Injected.Single() is { Callee: "back", Ordinal: 1 });
        Assert.True(retried.Passed);
        Assert.Contains(retried.AllCalls, c => c.Site is { Callee: "back", Ordinal: 2 } && c.Outcome == CallOutcome.Succeeded);
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal([1, 2], result.FailingFaultSet!.Select(f => f.Ordinal).Order());
    }

    [Fact]
    public async Task Delay_delivers_the_request_and_holds_the_response_until_the_caller_gives_up()
    {
        // 30 s on the run's virtual clock costs nothing; the warm-up outside any experiment runs on real time, where a
        // test-sized timeout can fire on a cold, busy machine.
        await using var s = await Services.StartAsync(frontTimeout: TimeSpan.FromSeconds(30));
        (await s.Client.GetAsync(new Uri("page/1", UriKind.Relative))).Dispose(); // warm up outside any experiment
        var result = await FaultExplorer.ExploreAsync(Page(s), new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Failed, result.Summary + "\n" + ExplorationReport.FailureMessage(result, "t"));
        var failing = result.FailingRun!;
        var delayed = Assert.Single(failing.AllCalls, c => c.Fault is { Kind: FaultKind.Delay });
        Assert.Equal("back", delayed.Site.Callee);
        Assert.Contains(delayed.Children, c => c.Site.Callee == "store" && c.Outcome == CallOutcome.Succeeded);
    }

    [Fact]
    public async Task Calls_outside_an_experiment_pass_through_untouched()
    {
        await using var s = await Services.StartAsync();
        using var response = await s.Client.GetAsync(new Uri("page/7", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([string.Empty], s.HeadersSeenByBack);
        Assert.Null(FaultInjection.Current);
    }

    [Fact]
    public async Task Parallel_explorations_against_the_same_services_never_see_each_others_calls()
    {
        await using var s = await Services.StartAsync();
        var alone = await FaultExplorer.ExploreAsync(Page(s), Options);
        var both = await Task.WhenAll(FaultExplorer.ExploreAsync(Page(s), Options), FaultExplorer.ExploreAsync(Page(s), Options));

        Assert.All(both, r =>
        {
            Assert.Equal(alone.Verdict, r.Verdict);
            Assert.Equal(alone.Experiments, r.Experiments);
            Assert.Equal(alone.FailingFaultSet!.Key, r.FailingFaultSet!.Key);
            Assert.Equal(alone.Runs.Select(x => x.Behaviour), r.Runs.Select(x => x.Behaviour));
        });
    }

    [Fact]
    public void A_service_gets_one_name()
    {
        var services = new ServiceCollection().AddFaultInjection("orders");
        services.AddFaultInjection("orders");

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddFaultInjection("payments"));
        Assert.Contains("already instrumented as \"orders\"", ex.Message, StringComparison.Ordinal);
    }

    private static string Describe(ExplorationResult result) =>
        result.Summary + "\n" + string.Join("\n", result.Runs.Select(r => $"{r}: {r.Failure?.GetType().Name} {r.Failure?.Message}"));
}
