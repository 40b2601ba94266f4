using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit;

namespace Ldfi.Testing.Tests.Parallelism;

/// <summary>
/// The suite of issue 23: one WireMock server and one ASP.NET Core app in a class fixture, each test registering its
/// stubs in InitializeAsync and resetting them in DisposeAsync. Beside other experiments, one run's tear-down wipes the
/// stubs under another: that run must not count, and the exploration must end as a sequential one does, at any
/// Parallelism. With the stubs registered once (no per-test state), experiments stay parallel and nothing is re-run.
/// </summary>
public sealed class SharedStubTests(SharedStubTests.PortfolioFixture fixture) : IClassFixture<SharedStubTests.PortfolioFixture>
{
    private const int Explorations = 20;

    [Fact]
    public async Task Per_test_stubs_reset_in_tear_down_give_the_sequential_verdict_experiments_and_faults_at_parallelism_1_4_and_8()
    {
        var sequential = await ExploreAsync(parallelism: 1, resetStubs: true);
        var expected = sequential[0];
        Assert.Equal(Verdict.Tolerant, expected.Verdict);
        Assert.Equal(4, expected.CallSites.Count);

        var fallbacks = new List<ExplorationResult>();
        foreach (var parallelism in new[] { 1, 4, 8 })
        {
            var results = parallelism == 1 ? sequential : await ExploreAsync(parallelism, resetStubs: true);
            foreach (var result in results)
            {
                Assert.Equal(expected.Verdict, result.Verdict);
                Assert.Equal(expected.Experiments, result.Experiments);
                Assert.Equal(Sequence(expected), Sequence(result));
                Assert.Equal(SnapshotVerifier.Render(expected), SnapshotVerifier.Render(result));
                Assert.All(result.Runs, r => Assert.Empty(r.NotInjected));
                Assert.All(result.Runs, r => Assert.Equal(r.Planned, r.Injected));
                Assert.DoesNotContain(IdentityDrift.Lines(result), l => l.Contains("normalisation", StringComparison.Ordinal));
                if (result.ParallelismFallback is { } fallback)
                {
                    fallbacks.Add(result);
                    Assert.Contains($"one experiment at a time from experiment #{fallback.Experiment} on, because the experiments share state", result.Summary, StringComparison.Ordinal);
                    Assert.Contains(fallback.Reason, result.Summary, StringComparison.Ordinal);
                    Assert.True(result.LoneReruns >= 1);
                    Assert.Contains("The experiments share state", ExplorationReport.Markdown(result, "stubs"), StringComparison.Ordinal);
                    Assert.Contains("\"fallback\": {", ExplorationReport.Json(result, "stubs"), StringComparison.Ordinal);
                }
            }
        }

        Assert.All(sequential, r => Assert.Equal((0, null), (r.LoneReruns, r.ParallelismFallback)));

        // The tear-downs surely overlapped other runs in some of the 40 parallel explorations; each such one named what differed.
        Assert.NotEmpty(fallbacks);
        Assert.All(fallbacks, r => Assert.True(
            r.ParallelismFallback!.ChangedAnswers.Count + r.ParallelismFallback.VanishedCalls.Count + r.ParallelismFallback.FaultsNotFiredBesideOthers.Count > 0 || r.ParallelismFallback.OutcomeChanged,
            r.Summary));
        Assert.Contains(fallbacks, r => r.ParallelismFallback!.ChangedAnswers.Any(c => c.Contains("Failed 404 beside others", StringComparison.Ordinal)));

        // A planned fault that did not fire beside others and fired alone is blamed on shared state, not on identity.
        var unfired = fallbacks.Where(r => !r.ParallelismFallback!.FaultsNotFiredBesideOthers.IsEmpty).ToList();
        Assert.NotEmpty(unfired);
        Assert.All(unfired, r => Assert.Contains(IdentityDrift.Lines(r), l =>
            l.Contains("while the run ran beside other experiments; re-run alone, the fault fired", StringComparison.Ordinal) && l.Contains("share state", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stubs_registered_once_keep_the_experiments_parallel_without_re_runs()
    {
        fixture.RegisterStubs();
        try
        {
            var sequential = (await ExploreAsync(parallelism: 1, resetStubs: false, explorations: 1))[0];
            foreach (var result in await ExploreAsync(parallelism: 4, resetStubs: false))
            {
                Assert.Equal(Sequence(sequential), Sequence(result));
                Assert.Null(result.ParallelismFallback);
                Assert.Equal(0, result.LoneReruns);
                Assert.DoesNotContain("one at a time", result.Summary, StringComparison.Ordinal);
            }
        }
        finally
        {
            fixture.Stubs.ResetMappings();
        }
    }

    private async Task<List<ExplorationResult>> ExploreAsync(int parallelism, bool resetStubs, int explorations = Explorations)
    {
        var results = new List<ExplorationResult>();
        for (var i = 0; i < explorations; i++)
        {
            var options = new ExplorationOptions { MaxFaults = 2, Faults = FaultKind.Error | FaultKind.Status, Parallelism = parallelism, Seed = 3 };
            options.StatusCodes.Clear();
            options.StatusCodes.Add(503);

            // What the adapter does for each run: a fresh test-class instance, its set-up, the body, its tear-down.
            results.Add(await FaultExplorer.ExploreAsync(
                async ct =>
                {
                    var test = new PortfolioTest(fixture, resetStubs);
                    await test.InitializeAsync();
                    try
                    {
                        await test.The_portfolio_is_shown(ct);
                    }
                    finally
                    {
                        await test.DisposeAsync();
                    }
                },
                options));
        }

        return results;
    }

    private static string Sequence(ExplorationResult result) =>
        string.Join("\n", result.Runs.Select(r => $"{r.Kind} #{r.Number} {r.Planned.Key} {r.Injected.Key} {(r.Passed ? "passed" : "failed")}"));

    /// <summary>The test class of the suite: its stubs are its own, registered before and reset after each test.</summary>
    private sealed class PortfolioTest(PortfolioFixture fixture, bool perTestStubs) : IAsyncLifetime
    {
        public Task InitializeAsync()
        {
            if (perTestStubs)
            {
                fixture.RegisterStubs();
            }

            return Task.CompletedTask;
        }

        public async Task The_portfolio_is_shown(CancellationToken cancellationToken)
        {
            using var response = await fixture.Client.GetAsync(new Uri("portfolio", UriKind.Relative), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public Task DisposeAsync()
        {
            if (perTestStubs)
            {
                fixture.Stubs.ResetMappings();
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// One WireMock server, and an app whose <c>GET /portfolio</c> reads the profile (a guest page without it) and then
    /// the holdings from a primary, falling back to two replicas in turn: tolerant of any two faults.
    /// </summary>
    public sealed class PortfolioFixture : IAsyncLifetime
    {
        private static readonly string[] Holdings = ["holdings-primary", "holdings-replica-1", "holdings-replica-2"];
        private WebApplication? app;

        public WireMockServer Stubs { get; } = WireMockServer.Start();

        public HttpClient Client { get; private set; } = null!;

        public void RegisterStubs()
        {
            Stubs.Given(Request.Create().WithPath("/profile").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ada"));
            Stubs.Given(Request.Create().WithPath("/holdings").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("btc"));
        }

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            foreach (var name in Holdings.Prepend("profile"))
            {
                builder.Services.AddHttpClient(name, c => c.BaseAddress = new Uri(Stubs.Url!));
            }

            builder.Services.AddFaultInjection("portfolio");
            app = builder.Build();
            app.MapGet("/portfolio", async (IHttpClientFactory factory, CancellationToken ct) =>
            {
                if (await TryGetAsync(factory, "profile", "profile", ct) is not { } profile)
                {
                    return Results.Ok("guest");
                }

                foreach (var source in Holdings)
                {
                    if (await TryGetAsync(factory, source, "holdings", ct) is { } holdings)
                    {
                        return Results.Ok($"{profile}: {holdings}");
                    }
                }

                return Results.StatusCode(503);
            });
            await app.StartAsync();
            Client = new HttpClient(new ExperimentPropagationHandler(app.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://portfolio/") };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            Stubs.Stop();
            Stubs.Dispose();
        }

        private static async Task<string?> TryGetAsync(IHttpClientFactory factory, string client, string path, CancellationToken ct)
        {
            try
            {
                using var response = await factory.CreateClient(client).GetAsync(new Uri(path, UriKind.Relative), ct);
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }
    }
}
