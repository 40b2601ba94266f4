using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>
/// A real ASP.NET Core service that calls the ledger through an <c>AddGrpcClient</c> factory client (so the fault handler
/// comes from <c>AddFaultInjection</c>), with the resilience the test chooses: <c>POST /add/{account}/{amount}</c>.
/// </summary>
public sealed class Front : IAsyncDisposable
{
    private readonly WebApplication app;

    private Front(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    /// <summary>Gets the test's client: it carries the running experiment into the front.</summary>
    public HttpClient Client { get; }

    public static async Task<Front> StartAsync(LedgerServer ledger, Action<IHttpClientBuilder>? resilience = null, Action<GrpcClientFactoryOptions>? client = null, TimeSpan? deadline = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var grpc = builder.Services.AddGrpcClient<Ledger.LedgerClient>(o =>
        {
            o.Address = new Uri("http://ledger");
            client?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => ledger.Server.CreateHandler());
        resilience?.Invoke(grpc);
        builder.Services.AddFaultInjection("front");
        var app = builder.Build();
        app.MapPost("/add/{account}/{amount:int}", async (string account, int amount, Ledger.LedgerClient ledgerClient, CancellationToken ct) =>
        {
            try
            {
                var total = await ledgerClient.AddAsync(new AddRequest { Account = account, Amount = amount }, deadline: deadline is { } d ? DateTime.UtcNow + d : null, cancellationToken: ct);
                return Results.Ok(total.Amount);
            }
            catch (RpcException ex)
            {
                return Results.Problem(ex.Status.ToString(), statusCode: StatusCodes.Status503ServiceUnavailable, title: ex.StatusCode.ToString());
            }
        });
        await app.StartAsync();
        return new Front(app, new HttpClient(new ExperimentPropagationHandler(app.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://front/") });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}
