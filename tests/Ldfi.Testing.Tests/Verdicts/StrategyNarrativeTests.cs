using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Xunit;
using Xunit.Abstractions;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// The narrative of each Microsoft.Extensions.Http.Resilience strategy told by its mechanism (issue 24, part 2): a hedged
/// attempt as hedging, a retry as a retry, each timer by its owner and kind. orders reserves stock at inventory, whose
/// POST /reservations is not idempotent; every strategy at its production defaults.
/// </summary>
public sealed class StrategyNarrativeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_standard_hedging_handler_is_told_as_a_parallel_attempt_after_its_hedging_delay_and_its_answer_used()
    {
        var (result, message) = await ExploreAsync(client => client.AddStandardHedgingHandler());

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains(
            "With orders → inventory POST /reservations #1 delayed (held 2 s, until orders cancelled it), orders sent a hedged attempt after the hedging delay (2 s) of orders' client 'inventory', " +
            "while #1 was still held: inventory POST /reservations #2, answered 201; orders used #2's answer and cancelled #1; inventory processed both attempts; then the test failed: The stock was reserved 2 times",
            message,
            StringComparison.Ordinal);
        Assert.Contains("orders → inventory POST /reservations #2 (hedged attempt)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("retry", message, StringComparison.Ordinal);
        Assert.DoesNotContain("gave up", message, StringComparison.Ordinal);

        // Where to harden: the reservation, a hedged non-idempotent call, with the idempotency-key fix, in every rendering.
        var advice = Assert.Single(result.Hardening);
        Assert.Equal(HardeningPattern.HedgedNonIdempotentCall, advice.Pattern);
        Assert.Equal("orders → inventory POST /reservations", advice.Call);
        Assert.Contains("idempotency key", advice.Fix, StringComparison.Ordinal);
        Assert.EndsWith("; where to harden: orders → inventory POST /reservations (an idempotency key)", result.Summary, StringComparison.Ordinal);
        Assert.Contains("Where to harden (in every minimal failing fault set found: hardening one removes every known failure):\n  • orders → inventory POST /reservations: a hedged non-idempotent call.", message, StringComparison.Ordinal);
        Assert.Contains("### Where to harden", ExplorationReport.Markdown(result, "reserve"), StringComparison.Ordinal);
        Assert.Contains("\"pattern\": \"HedgedNonIdempotentCall\"", ExplorationReport.Json(result, "reserve"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standard_resilience_handler_is_told_as_a_retry_after_the_attempt_timeout_and_a_back_off()
    {
        var (result, message) = await ExploreAsync(client => client.AddStandardResilienceHandler());

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains(
            "With orders → inventory POST /reservations #1 delayed 10 s until the caller gave up (the attempt timeout (10 s) of orders' client 'inventory'), " +
            "the retry called inventory POST /reservations again (#2) after the retry back-off of orders' client 'inventory'; then the test failed: The stock was reserved 2 times",
            message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("hedg", message, StringComparison.Ordinal);
        var advice = Assert.Single(result.Hardening);
        Assert.Equal((HardeningPattern.RetriedNonIdempotentCall, "orders → inventory POST /reservations"), (advice.Pattern, advice.Call));
        Assert.Contains("DisableForUnsafeHttpMethods()", advice.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_pipeline_with_a_retry_around_a_timeout_is_told_as_a_retry_after_that_timeout()
    {
        var (result, message) = await ExploreAsync(client => client.AddResilienceHandler("reservations", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions())
            .AddTimeout(TimeSpan.FromSeconds(5))));

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains(
            "With orders → inventory POST /reservations #1 delayed 5 s until the caller gave up (the attempt timeout (5 s) of orders' client 'inventory'), " +
            "the retry called inventory POST /reservations again (#2) after the retry back-off of orders' client 'inventory'; then the test failed:",
            message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("hedg", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_outside_the_retry_is_named_as_the_total_timeout()
    {
        var (result, message) = await ExploreAsync(client => client.AddResilienceHandler("reservations", pipeline => pipeline
            .AddTimeout(TimeSpan.FromSeconds(3))
            .AddRetry(new HttpRetryStrategyOptions())));

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains("delayed 3 s until the caller gave up (the total timeout (3 s) of orders' client 'inventory')", message, StringComparison.Ordinal);
    }

    private async Task<(ExplorationResult Result, string Message)> ExploreAsync(Action<IHttpClientBuilder> resilience)
    {
        var reservations = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var apps = new Apps();
        await apps.StartAsync("inventory", null, app =>
        {
            app.MapPost("/reservations", (Reservation reservation) =>
            {
                reservations.AddOrUpdate(reservation.Order, 1, (_, n) => n + 1);
                return Results.Created($"/reservations/{reservation.Order}", reservation);
            });
            app.MapGet("/reservations", (string order) => reservations.GetValueOrDefault(order));
        });
        await apps.StartAsync("orders", s => resilience(apps.To(s, "inventory")), app =>
            app.MapPost("/orders", async (Reservation reservation, IHttpClientFactory f) =>
            {
                using var response = await f.CreateClient("inventory").PostAsJsonAsync(new Uri("reservations", UriKind.Relative), reservation);
                return response.IsSuccessStatusCode ? Results.Created() : Results.StatusCode(502);
            }));
        var orders = apps.Client("orders");
        var inventory = apps.Client("inventory");

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                var order = $"order-{Guid.NewGuid():N}";
                using var placed = await orders.PostAsJsonAsync(new Uri("orders", UriKind.Relative), new Reservation(order, "SKU-1", 1), ct);
                var count = await inventory.GetFromJsonAsync<int>(new Uri($"reservations?order={order}", UriKind.Relative), ct);
                Assert.True(count <= 1, $"The stock was reserved {count} times for one order (orders answered {(int)placed.StatusCode}).");
            },
            new ExplorationOptions { MaxFaults = 1, FindAllFailures = true });
        var message = ExplorationReport.FailureMessage(result, "reserve");
        output.WriteLine(message);
        return (result, message);
    }

    private sealed record Reservation(string Order, string Sku, int Quantity);
}
