using System.Net.Http.Json;
using Ldfi.Testing;
using Ldfi.Testing.Xunit;
using Shop.Contracts;
using Xunit.Abstractions;

namespace Shop.DatabaseTests;

/// <summary>Payments with its charges in PostgreSQL, at production resilience defaults (EF Core's retrying strategy, Npgsql's 30 s timeout).</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ChargeTests(PaymentsOnPostgres shop, ITestOutputHelper output)
{
    /// <summary>
    /// The database twin of the double charge: the INSERT commits, its answer is late, Npgsql times out after 30 s and
    /// EnableRetryOnFailure treats the timeout as transient and runs the INSERT again. The customer is charged twice.
    /// </summary>
    [Fact]
    public async Task A_late_commit_retried_by_the_execution_strategy_charges_twice()
    {
        var result = await FaultExplorer.ExploreAsync(ChargedAtMostOnce, new ExplorationOptions { MaxFaults = 2 });

        output.WriteLine(result.Summary);
        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal(
            (FaultKind.Delay, "payments", "payments-db", "INSERT charges", 1),
            (fault.Kind, fault.Caller, fault.Callee, fault.Operation, fault.Ordinal));
        Assert.Contains(result.CallSites, s => s is { Operation: "INSERT charges", Ordinal: 2 }); // the retry
        Assert.DoesNotContain(result.Runs.SelectMany(r => r.Planned), f => f.Kind == FaultKind.Status);
    }

    /// <summary>Reading a customer's charges survives any two database faults: the retrying strategy repeats the SELECT.</summary>
    [FaultTolerant]
    public async Task Charges_can_always_be_listed()
    {
        using var payments = shop.Mesh.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        var charges = await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}");

        Assert.NotNull(charges);
        Assert.Empty(charges);
    }

    private async Task ChargedAtMostOnce(CancellationToken ct)
    {
        using var payments = shop.Mesh.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await payments.PostAsJsonAsync("charges", new ChargeRequest(customer, "ord-1", 25m, "EUR"), ct);
        var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", ct))!;

        Assert.True(charges.Count <= 1, $"The customer was charged {charges.Count} times (payments answered {(int)response.StatusCode}).");
    }
}
