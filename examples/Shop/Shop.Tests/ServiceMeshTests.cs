using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Shop.Contracts;
using Shop.Inventory;
using Shop.Payments;
using Shop.Recommendations;

namespace Shop.Tests;

public sealed class ServiceMeshTests
{
    [Fact]
    public async Task A_request_to_a_host_outside_the_mesh_names_the_registered_services()
    {
        await using var mesh = new ServiceMesh().Add<RecommendationsService>("recommendations").Add<InventoryService>("inventory");
        using var client = mesh.CreateClient("recommendations");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("http://billing/invoices/1"));

        Assert.Contains("'billing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("recommendations, inventory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_are_configured_per_service_and_the_same_application_can_run_twice()
    {
        await using var mesh = new ServiceMesh()
            .Add<InventoryService>("inventory")
            .Add<InventoryService>("inventory-replica");
        using var primary = mesh.CreateClient("inventory");
        using var replica = mesh.CreateClient("inventory-replica");

        using var reserved = await primary.PostAsJsonAsync("reservations", new ReservationRequest("order-1", "SKU-1001", 5));
        var onPrimary = await primary.GetFromJsonAsync<StockLevel>("stock/SKU-1001");
        var onReplica = await replica.GetFromJsonAsync<StockLevel>("stock/SKU-1001");

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal(5, onReplica!.Available - onPrimary!.Available);
    }

    [Fact]
    public async Task Test_services_replace_the_applications_own()
    {
        await using var mesh = new ServiceMesh()
            .Add<PaymentsService>("payments", services => services.AddSingleton<ICardProcessor, UnreachableAcquirer>());
        using var payments = mesh.CreateClient("payments");

        using var response = await payments.PostAsJsonAsync("charges", new ChargeRequest("cust-1", "order-1", 10m, "EUR"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty((await payments.GetFromJsonAsync<List<Charge>>("charges?customerId=cust-1"))!);
    }

    [Fact]
    public async Task Services_cannot_be_added_once_the_mesh_has_started()
    {
        await using var mesh = new ServiceMesh().Add<RecommendationsService>("recommendations");
        await mesh.StartAsync();

        Assert.Throws<InvalidOperationException>(() => mesh.Add<InventoryService>("inventory"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://orders/")]
    [InlineData("two words")]
    public async Task Service_names_must_be_host_names(string name)
    {
        await using var mesh = new ServiceMesh();

        Assert.ThrowsAny<ArgumentException>(() => mesh.Add<InventoryService>(name));
    }

    [Fact]
    public async Task Service_names_are_unique()
    {
        await using var mesh = new ServiceMesh().Add<InventoryService>("inventory");

        Assert.Throws<ArgumentException>(() => mesh.Add<InventoryService>("Inventory"));
    }

    private sealed class UnreachableAcquirer : ICardProcessor
    {
        public Task<CardAuthorization> ChargeAsync(CardPayment payment, CancellationToken cancellationToken) =>
            throw new CardProcessorUnavailableException("connection refused by acquirer");
    }
}
