using System.Net;
using Ldfi.Testing.Sdk;
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

namespace Ldfi.Testing.Tests.Http;

/// <summary>
/// A service whose downstream is a WireMock.Net stub on a random localhost port, reached through a named client: the
/// port changes with every stub, the call sites must not.
/// </summary>
public sealed class WireMockTests
{
    [Fact]
    public async Task A_stub_on_a_new_random_port_keeps_its_call_sites_and_the_remembered_failure_replays_first_without_drift()
    {
        var test = new FaultTolerantTestInfo($"{nameof(WireMockTests)}.remembered-{Guid.NewGuid():N}", nameof(WireMockTests), "Remembered", SourceFile());
        var settings = new FaultTolerantSettings { MaxFaults = 1, Faults = FaultKind.Error };
        var runs = new List<(string Url, FaultTolerantOutcome Outcome, List<string> Log)>();
        var stubs = new List<WireMockServer>();
        try
        {
            for (var exploration = 0; exploration < 2; exploration++)
            {
                // A new stub each time, on a port chosen at random (the first stays up, so the port surely differs).
                var stub = WireMockServer.Start();
                stubs.Add(stub);
                stub.Given(Request.Create().WithPath("/coins").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("btc,eth"));
                await using var bridge = await Bridge.StartAsync(stub.Url!);
                var log = new List<string>();
                var outcome = await FaultTolerantRunner.RunAsync(test, settings, bridge.PricesAreShownAsync, line => { lock (log) { log.Add(line); } });
                runs.Add((stub.Url!, outcome, log));
            }
        }
        finally
        {
            stubs.ForEach(s => s.Stop());
            DeleteResults(runs.Select(r => r.Outcome.Reports), test);
        }

        var (first, second) = (runs[0].Outcome.Result!, runs[1].Outcome.Result!);
        Assert.NotEqual(new Uri(runs[0].Url).Port, new Uri(runs[1].Url).Port);
        Assert.Equal(["bridge>svc-coins GET /coins#1"], first.CallSites.Select(s => s.Id));
        Assert.Equal(first.CallSites.Select(s => s.Id), second.CallSites.Select(s => s.Id));
        Assert.Equal(Verdict.Failed, first.Verdict);
        Assert.Equal("{Error on bridge → svc-coins GET /coins #1}", first.FailingFaultSet!.ToString());

        var replayed = second.Runs.First(r => r.Number == 1); // the first experiment after the baseline (and its determinism check)
        Assert.Equal((1, RunKind.Replay), (replayed.Number, replayed.Kind));
        Assert.Equal(first.FailingFaultSet!.ToString(), replayed.Injected.ToString());
        Assert.Empty(replayed.NotInjected);
        Assert.False(replayed.Passed);
        Assert.Equal(Verdict.Failed, second.Verdict);
        Assert.DoesNotContain(runs[1].Log, l => l.Contains("[ldfi] warning", StringComparison.Ordinal));
        Assert.DoesNotContain("identity drift", ExplorationReport.Markdown(second, test.DisplayName), StringComparison.Ordinal);
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static void DeleteResults(IEnumerable<ReportFiles?> reports, FaultTolerantTestInfo test)
    {
        foreach (var files in reports.OfType<ReportFiles>())
        {
            var folder = Path.GetDirectoryName(files.MarkdownPath)!;
            foreach (var file in Directory.EnumerateFiles(folder, ReportWriter.SafeFileName(test.DisplayName) + ".*"))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>An ASP.NET Core service whose <c>GET /prices</c> reads the coins from its <c>svc-coins</c> client, with no retry.</summary>
    private sealed class Bridge : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly HttpClient client;

        private Bridge(WebApplication app)
        {
            this.app = app;
            client = new HttpClient(new ExperimentPropagationHandler(app.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://bridge/") };
        }

        public static async Task<Bridge> StartAsync(string coinsUrl)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddHttpClient("svc-coins", c => c.BaseAddress = new Uri(coinsUrl));
            builder.Services.AddFaultInjection("bridge");
            var app = builder.Build();
            app.MapGet("/prices", async (IHttpClientFactory factory) =>
            {
                try
                {
                    return Results.Ok(await factory.CreateClient("svc-coins").GetStringAsync(new Uri("coins", UriKind.Relative)));
                }
                catch (HttpRequestException)
                {
                    return Results.StatusCode(502);
                }
            });
            await app.StartAsync();
            return new Bridge(app);
        }

        public async Task PricesAreShownAsync(CancellationToken cancellationToken)
        {
            using var response = await client.GetAsync(new Uri("prices", UriKind.Relative), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
