using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Boundaries;

public interface IPayments
{
    int Charges { get; }

    Task<string> ChargeAsync(int amount, CancellationToken cancellationToken = default);

    Task RefundAsync(int amount);

    ValueTask<int> BalanceAsync(CancellationToken cancellationToken = default);

    ValueTask PingAsync();

    int Ledger(int entry);
}

public sealed class Payments(IAudit? audit = null) : IPayments
{
    public int Charges { get; private set; }

    public async Task<string> ChargeAsync(int amount, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        Charges++;
        if (audit is not null)
        {
            await audit.RecordAsync($"charge {amount}");
        }

        return $"ch_{Charges}";
    }

    public Task RefundAsync(int amount) => Task.CompletedTask;

    public ValueTask<int> BalanceAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(42);

    public ValueTask PingAsync() => ValueTask.CompletedTask;

    public int Ledger(int entry) => entry + 1;
}

public interface IAudit
{
    Task RecordAsync(string entry);
}

public sealed class Audit : IAudit
{
    public Task RecordAsync(string entry) => Task.CompletedTask;
}

public class FaultBoundaryTests
{
    private static ExplorationOptions Options(int maxFaults = 2, FaultKind faults = FaultKind.All) => new()
    {
        MaxFaults = maxFaults,
        Faults = faults,
        Delay = TimeSpan.FromMilliseconds(5),
        Deadline = TimeSpan.FromSeconds(5),
    };

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task An_unhandled_error_at_an_interface_boundary_is_found()
    {
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await using var sp = Build(s => s.AddSingleton<IPayments, Payments>().AddFaultBoundary<IPayments>("payments"));
            await sp.GetRequiredService<IPayments>().ChargeAsync(10, ct);
        }, Options(faults: FaultKind.Error));

        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal(("test", "payments", "ChargeAsync", 1, FaultKind.Error), (fault.Caller, fault.Callee, fault.Operation, fault.Ordinal, fault.Kind));
        Assert.IsType<InjectedFaultException>(result.FailingRun!.Failure);
    }

    [Fact]
    public async Task A_primary_and_backup_pair_is_certified_tolerant_to_one_fault_and_fails_with_two()
    {
        async Task Body(CancellationToken ct)
        {
            await using var sp = Build(s => s
                .AddKeyedSingleton<IPayments, Payments>("unused")
                .AddSingleton<PrimaryBackup>()
                .AddSingleton<IPrimary, Primary>().AddFaultBoundary<IPrimary>("primary")
                .AddSingleton<IBackup, Backup>().AddFaultBoundary<IBackup>("backup"));
            var charge = await sp.GetRequiredService<PrimaryBackup>().ChargeAsync(ct);
            Assert.StartsWith("ch_", charge, StringComparison.Ordinal);
        }

        var one = await FaultExplorer.ExploreAsync(Body, Options(maxFaults: 1, faults: FaultKind.Error | FaultKind.Delay));
        var two = await FaultExplorer.ExploreAsync(Body, Options(maxFaults: 2, faults: FaultKind.Error));

        Assert.Equal(Verdict.Tolerant, one.Verdict);
        Assert.Equal(2, one.CallSites.Count);
        Assert.Equal(Verdict.Failed, two.Verdict);
        Assert.Equal(["backup", "primary"], two.FailingFaultSet!.Select(f => f.Callee).Order());
    }

    [Fact]
    public async Task Every_return_shape_throws_on_error_and_runs_the_target_on_delay_which_no_timeout_guards()
    {
        var shapes = new Func<IPayments, CancellationToken, Task>[]
        {
            (p, ct) => p.ChargeAsync(1, ct),
            (p, _) => p.RefundAsync(1),
            (p, ct) => p.BalanceAsync(ct).AsTask(),
            (p, _) => p.PingAsync().AsTask(),
            (p, _) => Task.FromResult(p.Ledger(1)),
        };
        foreach (var shape in shapes)
        {
            var errors = 0;
            var result = await FaultExplorer.ExploreAsync(async ct =>
            {
                await using var sp = Build(s => s.AddSingleton<IPayments, Payments>().AddFaultBoundary<IPayments>("payments"));
                try
                {
                    await shape(sp.GetRequiredService<IPayments>(), ct);
                }
                catch (InjectedFaultException)
                {
                    errors++;
                }

            }, Options(maxFaults: 1));

            // The caller has no timeout: the held call is reported as unguarded the moment the run goes quiet.
            Assert.Equal(Verdict.Failed, result.Verdict);
            Assert.Equal(FaultKind.Delay, Assert.Single(result.FailingFaultSet!).Kind);
            Assert.True(Assert.IsType<DeadlineExceededException>(result.FailingRun!.Failure).IsUnguarded);
            Assert.Equal(1, errors);
            Assert.Equal(3, result.Experiments); // baseline, Error, Delay: Status does not apply to interfaces
        }
    }

    [Fact]
    public async Task A_delayed_call_ran_its_target_and_honours_the_cancellation_token_argument()
    {
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await using var sp = Build(s => s.AddSingleton<IPayments, Payments>().AddFaultBoundary<IPayments>("payments"));
            var payments = sp.GetRequiredService<IPayments>();
            using var timeout = new CancellationTokenSource();
            var pending = payments.ChargeAsync(5, timeout.Token);
            await timeout.CancelAsync();
            try
            {
                await pending;
            }
            catch (OperationCanceledException)
            {
                Assert.True(FaultInjection.Current!.WasInjected("payments"));
            }

            Assert.Equal(1, payments.Charges);
        }, new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Deadline = TimeSpan.FromSeconds(10) });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(FaultKind.Delay, Assert.Single(result.Runs, r => !r.Injected.IsEmpty).Injected[0].Kind);
    }

    [Fact]
    public async Task Calls_made_by_a_boundary_target_are_its_children()
    {
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await using var sp = Build(s => s
                .AddSingleton<IAudit, Audit>().AddFaultBoundary<IAudit>("audit")
                .AddSingleton<IPayments, Payments>().AddFaultBoundary<IPayments>("payments"));
            await sp.GetRequiredService<IPayments>().ChargeAsync(3, ct);
        }, Options(maxFaults: 1, faults: FaultKind.Delay));

        var charge = Assert.Single(result.Baseline.Calls);
        var audit = Assert.Single(charge.Children);
        Assert.Equal(("payments", "audit", "RecordAsync"), (audit.Site.Caller, audit.Site.Callee, audit.Site.Operation));
        Assert.Equal(charge.Site, audit.Site.Parent);
    }

    [Fact]
    public void Registrations_keep_their_lifetime_and_work_outside_an_exploration()
    {
        var services = new ServiceCollection()
            .AddScoped<IPayments>(_ => new Payments())
            .AddFaultBoundary<IPayments>("payments");

        Assert.Equal(ServiceLifetime.Scoped, Assert.Single(services).Lifetime);
        using var sp = services.BuildServiceProvider();
        using var scope = sp.CreateScope();
        var payments = scope.ServiceProvider.GetRequiredService<IPayments>();
        Assert.Same(payments, scope.ServiceProvider.GetRequiredService<IPayments>());
        Assert.Equal(2, payments.Ledger(1));
        Assert.Null(FaultInjection.BeginCall("a", "b", "c"));
    }

    [Fact]
    public async Task A_custom_error_factory_chooses_the_exception()
    {
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await using var sp = Build(s => s.AddSingleton<IPayments>(new Payments())
                .AddFaultBoundary<IPayments>("payments", o => o.ErrorFactory = f => new TimeoutException(f.ToString())));
            await sp.GetRequiredService<IPayments>().ChargeAsync(1, ct);
        }, Options(maxFaults: 1, faults: FaultKind.Error));

        var failure = Assert.IsType<TimeoutException>(result.FailingRun!.Failure);
        Assert.Contains("test → payments ChargeAsync #1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_registrations_say_what_to_do()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFaultBoundary<IPayments>("payments"));
        var concrete = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSingleton<Payments>().AddFaultBoundary<Payments>("payments"));

        Assert.Contains("Register it first", missing.Message, StringComparison.Ordinal);
        Assert.Contains("only interfaces", concrete.Message, StringComparison.Ordinal);
    }

    public interface IPrimary
    {
        Task<string> ChargeAsync(CancellationToken ct);
    }

    public interface IBackup
    {
        Task<string> ChargeAsync(CancellationToken ct);
    }

    public sealed class Primary : IPrimary
    {
        public Task<string> ChargeAsync(CancellationToken ct) => Task.FromResult("ch_primary");
    }

    public sealed class Backup : IBackup
    {
        public Task<string> ChargeAsync(CancellationToken ct) => Task.FromResult("ch_backup");
    }

    public sealed class PrimaryBackup(IPrimary primary, IBackup backup)
    {
        public async Task<string> ChargeAsync(CancellationToken ct)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromMilliseconds(1));
                return await primary.ChargeAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is InjectedFaultException or OperationCanceledException)
            {
                return await backup.ChargeAsync(ct);
            }
        }
    }
}
