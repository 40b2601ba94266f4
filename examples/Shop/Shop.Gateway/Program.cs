using Polly;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Contracts;
using Shop.Gateway;
using Shop.Gateway.Checkout;
using Shop.Gateway.Loyalty;
using Shop.Gateway.Products;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddOptions<ServiceEndpoints>().BindConfiguration("Services");
builder.Services.AddOptions<GatewayResilienceOptions>().BindConfiguration("Resilience");
builder.Services.AddSingleton<ProductCache>();
builder.Services.AddScoped<ProductReader>();
builder.Services.AddScoped<ProductPageBuilder>();

AddReadClient(Clients.CatalogPrimary, e => e.Inventory, o => o.AttemptTimeout);
AddReadClient(Clients.CatalogReplica, e => e.InventoryReplica, o => o.AttemptTimeout);
AddReadClient(Clients.Stock, e => e.Inventory, o => o.AttemptTimeout);

// Recommendations are optional and bounded by the page itself, the way much code does it: a CancelAfter around the call
// (ProductPageBuilder), not a resilience timeout on the client.
builder.Services.AddHttpClient(Clients.Recommendations, (sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value.Recommendations);

// Placing an order is not idempotent: the edge never retries it, it only bounds how long a customer waits.
builder.Services.AddHttpClient<OrdersClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value.Orders)
    .AddResilienceHandler("orders", (pipeline, context) => pipeline.AddTimeout(context.GetOptions<GatewayResilienceOptions>().CheckoutTimeout));

builder.Services.AddLoyalty();

var app = builder.Build();
app.MapLoyalty();

app.MapGet("/products/{sku}", async Task<Results<Ok<ProductPage>, NotFound, ProblemHttpResult>> (string sku, ProductPageBuilder pages, CancellationToken cancellationToken) =>
{
    var (page, notFound) = await pages.BuildAsync(sku, cancellationToken);
    if (page is not null)
    {
        return TypedResults.Ok(page);
    }

    return notFound
        ? TypedResults.NotFound()
        : TypedResults.Problem("The catalog is unavailable right now.", statusCode: StatusCodes.Status503ServiceUnavailable);
})
.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

app.MapPost("/checkout", async Task<Results<Created<OrderConfirmation>, ProblemHttpResult>> (CheckoutRequest request, OrdersClient orders, CancellationToken cancellationToken) =>
{
    var (order, status, detail) = await orders.PlaceAsync(request, cancellationToken);
    return order is not null
        ? TypedResults.Created($"/orders/{order.OrderId}", order)
        : TypedResults.Problem(detail, statusCode: status);
})
.ProducesProblem(StatusCodes.Status400BadRequest)
.ProducesProblem(StatusCodes.Status402PaymentRequired)
.ProducesProblem(StatusCodes.Status409Conflict)
.ProducesProblem(StatusCodes.Status503ServiceUnavailable)
.ProducesProblem(StatusCodes.Status504GatewayTimeout);

app.Run();

void AddReadClient(string name, Func<ServiceEndpoints, Uri> endpoint, Func<GatewayResilienceOptions, TimeSpan> timeout) =>
    builder.Services.AddHttpClient(name, (sp, http) => http.BaseAddress = endpoint(sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value))
        .AddResilienceHandler(name, (pipeline, context) => pipeline.AddTimeout(timeout(context.GetOptions<GatewayResilienceOptions>())));
