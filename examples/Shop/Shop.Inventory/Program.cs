using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Contracts;
using Shop.Inventory;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<InventoryStore>();

var app = builder.Build();

app.MapGet("/products/{sku}", Results<Ok<Product>, NotFound> (string sku, InventoryStore store) =>
    store.FindProduct(sku) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound());

app.MapGet("/stock/{sku}", Results<Ok<StockLevel>, NotFound> (string sku, InventoryStore store) =>
    store.FindStock(sku) is { } stock ? TypedResults.Ok(stock) : TypedResults.NotFound());

// Idempotent per order id: the orders service may repeat a reservation after a timeout.
app.MapPost("/reservations", Results<Created<Reservation>, Ok<Reservation>, ValidationProblem, NotFound, Conflict> (ReservationRequest request, InventoryStore store) =>
{
    if (string.IsNullOrWhiteSpace(request.OrderId) || request.Quantity <= 0)
    {
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = ["An order id and a positive quantity are required."] });
    }

    var result = store.Reserve(request);
    return result.Status switch
    {
        ReservationStatus.Reserved => TypedResults.Created($"/reservations/{request.OrderId}", result.Reservation),
        ReservationStatus.AlreadyReserved => TypedResults.Ok(result.Reservation),
        ReservationStatus.UnknownProduct => TypedResults.NotFound(),
        _ => TypedResults.Conflict(),
    };
});

app.MapDelete("/reservations/{orderId}", Results<NoContent, NotFound> (string orderId, InventoryStore store) =>
    store.Release(orderId) ? TypedResults.NoContent() : TypedResults.NotFound());

app.Run();
