using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>The ledger's state, shared by the server's per-call service instances.</summary>
public sealed class LedgerState
{
    public ConcurrentDictionary<string, int> Totals { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> ExperimentHeaders { get; } = [];
}

/// <summary>A real Grpc.AspNetCore service: Add adds to an account every time it runs (it is not idempotent).</summary>
public sealed class LedgerService(LedgerState state) : Ledger.LedgerBase
{
    public override Task<Total> Add(AddRequest request, ServerCallContext context)
    {
        state.ExperimentHeaders.Add(context.RequestHeaders.GetValue("ldfi-experiment") ?? string.Empty);
        return Task.FromResult(new Total { Amount = state.Totals.AddOrUpdate(request.Account, request.Amount, (_, t) => t + request.Amount) });
    }

    public override Task<Total> Get(GetRequest request, ServerCallContext context) =>
        Task.FromResult(new Total { Amount = state.Totals.GetValueOrDefault(request.Account) });

    /// <summary>Three messages; the first marks the account as watched, so a test can tell the server ran.</summary>
    public override async Task Watch(GetRequest request, IServerStreamWriter<Total> responseStream, ServerCallContext context)
    {
        state.Totals.TryAdd("watched:" + request.Account, 1);
        for (var i = 1; i <= 3; i++)
        {
            await responseStream.WriteAsync(new Total { Amount = i });
        }
    }
}

/// <summary>The ledger on TestServer, instrumented as <c>ledger</c>.</summary>
public sealed class LedgerServer : IAsyncDisposable
{
    private LedgerServer(WebApplication app, LedgerState state)
    {
        App = app;
        State = state;
    }

    public WebApplication App { get; }

    public LedgerState State { get; }

    public TestServer Server => App.GetTestServer();

    public static async Task<LedgerServer> StartAsync()
    {
        var state = new LedgerState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        builder.Services.AddFaultInjection("ledger");
        var app = builder.Build();
        app.MapGrpcService<LedgerService>();
        await app.StartAsync();
        return new LedgerServer(app, state);
    }

    /// <summary>A hand-made channel whose calls are the test's: <c>test → ledger ledger.Ledger/Add</c>.</summary>
    public Ledger.LedgerClient CreateTestClient(string caller = "test", Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions { HttpHandler = new FaultInjectionHandler(caller, Server.CreateHandler()) };
        configure?.Invoke(options);
        return new Ledger.LedgerClient(GrpcChannel.ForAddress("http://ledger", options));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
