using System.Net.Http.Json;
using Ldfi.Testing.Hosting;
using Shop.Gateway;
using Shop.Loyalty;

namespace Shop.GrpcTests;

/// <summary>The gateway and the loyalty service it calls over gRPC, with their production resilience settings.</summary>
public sealed class LoyaltyFixture : IAsyncLifetime
{
    public ServiceMesh Mesh { get; } = new ServiceMesh()
        .Add<GatewayService>("gateway")
        .Add<LoyaltyService>("loyalty");

    public PointsLedger Ledger => (PointsLedger)Mesh.GetServices("loyalty").GetService(typeof(PointsLedger))!;

    // Both flows once, so that no experiment pays for JIT and the gRPC channel's first connection.
    public async Task InitializeAsync()
    {
        await Mesh.StartAsync();
        using var gateway = Mesh.CreateClient("gateway");
        using var award = await gateway.PostAsJsonAsync("loyalty/warm-up/points", new { OrderId = "warm-up", Points = 1 });
        using var page = await gateway.GetAsync(new Uri("loyalty/warm-up", UriKind.Relative));
        award.EnsureSuccessStatusCode();
        page.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LoyaltyCollection : ICollectionFixture<LoyaltyFixture>
{
    public const string Name = "loyalty";
}
