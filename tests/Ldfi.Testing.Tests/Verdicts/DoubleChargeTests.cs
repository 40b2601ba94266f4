using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// The resilience every .NET template suggests, at its production defaults (10 s attempt timeout, 30 s total, exponential
/// back-off with jitter, retries on every method), with the default exploration options (issue 8, "Done when").
/// </summary>
public sealed class DoubleChargeTests
{
    [Fact]
    public async Task The_standard_handler_at_production_defaults_retries_a_delayed_POST_and_charges_twice_and_no_guarded_call_is_called_unguarded()
    {
        var charges = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var apps = new Apps();
        await apps.StartAsync("payments", null, app =>
        {
            app.MapPost("/charges", (Charge charge) =>
            {
                charges.AddOrUpdate(charge.Customer, 1, (_, n) => n + 1);
                return Results.Created($"/charges/{charge.Customer}", charge);
            });
            app.MapGet("/charges", (string customer) => charges.GetValueOrDefault(customer));
        });
        await apps.StartAsync("orders", s => apps.To(s, "payments").AddStandardResilienceHandler(), app =>
            app.MapPost("/checkout", async (Charge charge, IHttpClientFactory f) =>
            {
                using var response = await f.CreateClient("payments").PostAsJsonAsync(new Uri("charges", UriKind.Relative), charge);
                return response.IsSuccessStatusCode ? Results.Created() : Results.StatusCode(502);
            }));
        var orders = apps.Client("orders");
        var payments = apps.Client("payments");

        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var customer = $"cust-{Guid.NewGuid():N}";
            using var checkout = await orders.PostAsJsonAsync(new Uri("checkout", UriKind.Relative), new Charge(customer, 10), ct);
            var count = await payments.GetFromJsonAsync<int>(new Uri($"charges?customer={customer}", UriKind.Relative), ct);
            Assert.True(count <= 1, $"The customer was charged {count} times (checkout answered {(int)checkout.StatusCode}).");
        });

        Assert.True(result.Verdict == Verdict.Failed, $"{result.Summary} {result.Problem}");
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal((FaultKind.Delay, "orders", "payments", "POST /charges", 1), (fault.Kind, fault.Caller, fault.Callee, fault.Operation, fault.Ordinal));
        var run = result.FailingRun!;
        Assert.False(run.DeadlineExceeded);
        Assert.StartsWith("the caller gave up", Assert.Single(run.AllCalls, c => c.Fault is not null).HoldEndedBy, StringComparison.Ordinal);
        Assert.Contains(run.AllCalls, c => c.Site is { Operation: "POST /charges", Ordinal: 2 } && c.Outcome == CallOutcome.Succeeded);
        Assert.DoesNotContain(result.Runs, r => r.Failure is DeadlineExceededException);
        Assert.Contains("The customer was charged 2 times", ExplorationReport.FailureMessage(result, "t"), StringComparison.Ordinal);
    }

    private sealed record Charge(string Customer, int Amount);
}
