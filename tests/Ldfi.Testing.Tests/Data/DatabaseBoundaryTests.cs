using System.Collections.Concurrent;
using Ldfi.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

[Collection(PostgresCollection.Name)]
public class DatabaseBoundaryTests(PostgresFixture postgres)
{
    private static ExplorationOptions Options(FaultKind faults, int maxFaults = 1) => new() { MaxFaults = maxFaults, Faults = faults };

    private static string NewOrder() => "ord-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Each_command_is_a_call_site_named_by_service_database_and_statement_stable_across_runs()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        async Task Body(CancellationToken ct)
        {
            var order = NewOrder();
            await ledger.ChargeAsync(order, ct);
            await using var db = ledger.Context();
            Assert.Equal(1, await db.Charges.CountAsync(c => c.OrderId == order, ct));
        }

        var first = await FaultExplorer.ExploreAsync(Body, Options(FaultKind.Error));
        var second = await FaultExplorer.ExploreAsync(Body, Options(FaultKind.Error));

        string[] expected = ["payments → payments-db INSERT charges #1", "payments → payments-db SELECT charges #1"];
        Assert.Equal(expected, first.Baseline.Calls.Select(c => c.Site.ToString()));
        Assert.Equal(first.Baseline.Calls.Select(c => c.Site.Id), second.Baseline.Calls.Select(c => c.Site.Id));
        Assert.Equal(Verdict.Failed, first.Verdict);
        Assert.Equal(first.FailingFaultSet!.Select(f => f.Site.Id), second.FailingFaultSet!.Select(f => f.Site.Id));
    }

    [Fact]
    public async Task An_error_is_the_providers_transient_exception_and_a_retrying_strategy_retries_it_as_the_next_ordinal()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var plain = await FaultExplorer.ExploreAsync(ct => ledger.ChargeAsync(NewOrder(), ct), Options(FaultKind.Error));
        var retried = await FaultExplorer.ExploreAsync(ct => ledger.ChargeAsync(NewOrder(), ct, retry: true), Options(FaultKind.Error | FaultKind.Delay));

        Assert.Equal(Verdict.Failed, plain.Verdict);
        // Npgsql's own (non-retrying) execution strategy recognises it as transient: it says so and suggests EnableRetryOnFailure.
        var failure = Assert.IsType<InvalidOperationException>(plain.FailingRun!.Failure);
        Assert.Contains("transient failure", failure.Message, StringComparison.Ordinal);
        var npgsql = Assert.IsType<NpgsqlException>(Assert.IsType<DbUpdateException>(failure.InnerException).InnerException);
        Assert.True(npgsql.IsTransient);

        // EnableRetryOnFailure at its defaults retries the injected error: the retry is INSERT charges #2, and no fault is a Status.
        Assert.Contains(retried.CallSites, s => s.Operation == "INSERT charges" && s.Ordinal == 2);
        Assert.DoesNotContain(retried.Runs.SelectMany(r => r.Planned), f => f.Kind == FaultKind.Status);
    }

    [Fact]
    public async Task A_delay_commits_the_row_and_the_caller_gets_the_providers_timeout_after_the_default_command_timeout()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var timedOut = new ConcurrentBag<string>();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var order = NewOrder();
            try
            {
                await ledger.ChargeAsync(order, ct);
            }
            catch (Exception ex) when (Ledger.Chain(ex).Any(e => e is NpgsqlException { InnerException: TimeoutException }))
            {
                timedOut.Add(order);
                throw;
            }
        }, Options(FaultKind.Delay));

        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal(("payments", "payments-db", "INSERT charges", FaultKind.Delay), (fault.Caller, fault.Callee, fault.Operation, fault.Kind));
        Assert.NotEmpty(timedOut);
        foreach (var order in timedOut)
        {
            Assert.Equal(1, await ledger.CountAsync(order)); // committed although the caller was told it timed out
        }

        // Npgsql's default command timeout (30 s), on the run's virtual clock.
        Assert.True(result.FailingRun!.VirtualDuration >= TimeSpan.FromSeconds(30), result.FailingRun.VirtualDuration.ToString());
    }

    [Fact]
    public async Task Outside_an_experiment_commands_pass_through()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var order = NewOrder();
        Assert.Null(FaultInjection.Current);
        await ledger.ChargeAsync(order, CancellationToken.None);
        await using var db = ledger.Context();
        Assert.Equal(1, db.Charges.Count(c => c.OrderId == order)); // the synchronous path too
        Assert.Equal(1, await ledger.CountAsync(order));
    }

    [Fact]
    public async Task Parallel_explorations_never_see_each_others_faults()
    {
        var a = await Ledger.CreateAsync(postgres.Server, "a-db");
        var b = await Ledger.CreateAsync(postgres.Server, "b-db");
        using var stop = new CancellationTokenSource();
        var untouched = Task.Run(async () =>
        {
            // At least one charge, however fast the explorations end: the assertion below needs one to mean anything.
            var n = 0;
            while (n == 0 || !stop.IsCancellationRequested)
            {
                await a.ChargeAsync(NewOrder(), CancellationToken.None); // outside any experiment: must never fail
                n++;
            }

            return n;
        });

        var results = await Task.WhenAll(
            FaultExplorer.ExploreAsync(ct => a.ChargeAsync(NewOrder(), ct), Options(FaultKind.Error)),
            FaultExplorer.ExploreAsync(ct => b.ChargeAsync(NewOrder(), ct), Options(FaultKind.Error)));
        await stop.CancelAsync();

        Assert.True(await untouched > 0);
        Assert.All(results[0].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("a-db", c.Site.Callee));
        Assert.All(results[1].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("b-db", c.Site.Callee));
        Assert.All(results, r => Assert.Equal(Verdict.Failed, r.Verdict));
    }
}
