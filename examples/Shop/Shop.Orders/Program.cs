using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Fallback;
using Shop.Contracts;
using Shop.Orders;
using Shop.Orders.Downstream;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddOptions<ServiceEndpoints>().BindConfiguration("Services");
builder.Services.AddOptions<OrdersResilienceOptions>().BindConfiguration("Resilience");
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddScoped<OrderPlacement>();

// Reservations are idempotent per order id, so a timed-out attempt can safely be repeated.
builder.Services.AddHttpClient<InventoryClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value.Inventory)
    .AddResilienceHandler("inventory", (pipeline, context) =>
    {
        var options = context.GetOptions<OrdersResilienceOptions>();
        pipeline
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = options.RetryDelay, BackoffType = DelayBackoffType.Constant, UseJitter = false })
            .AddTimeout(options.AttemptTimeout);
    });

// Payments are occasionally slow under load: the standard resilience handler, at its production defaults (10 s per
// attempt, 30 s in all, three retries with exponential back-off), rides out a blip.
builder.Services.AddHttpClient<PaymentsClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value.Payments)
    .AddStandardResilienceHandler();

// A shipping quote is nice to have: any failure falls back to the standard parcel service.
builder.Services.AddHttpClient<ShippingClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<ServiceEndpoints>>().Value.Shipping)
    .AddResilienceHandler("shipping", (pipeline, context) => pipeline.AddTimeout(context.GetOptions<OrdersResilienceOptions>().AttemptTimeout));
builder.Services.AddResiliencePipeline<string, ShippingClient.Quote>(ShippingClient.Pipeline, pipeline => pipeline
    .AddFallback(new FallbackStrategyOptions<ShippingClient.Quote>
    {
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && DownstreamFailure.IsUnavailable(ex, args.Context.CancellationToken)),
        FallbackAction = _ => Outcome.FromResultAsValueTask(new ShippingClient.Quote(ShippingClient.Standard, IsFallback: true)),
    }));

var app = builder.Build();

app.MapPost("/orders", async Task<Results<Created<OrderConfirmation>, ValidationProblem, ProblemHttpResult>> (
    CheckoutRequest request, OrderPlacement placement, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.CustomerId) || string.IsNullOrWhiteSpace(request.Sku) || request.Quantity <= 0)
    {
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = ["A customer, a product and a positive quantity are required."] });
    }

    var placed = await placement.PlaceAsync(request, cancellationToken);
    return placed.Value is { } order
        ? TypedResults.Created($"/orders/{order.OrderId}", order)
        : TypedResults.Problem(placed.Detail, statusCode: placed.Status);
})
.ProducesProblem(StatusCodes.Status402PaymentRequired)
.ProducesProblem(StatusCodes.Status404NotFound)
.ProducesProblem(StatusCodes.Status409Conflict)
.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

app.MapGet("/orders/{orderId}", Results<Ok<OrderConfirmation>, NotFound> (string orderId, OrderBook orders) =>
    orders.Find(orderId) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound());

app.Run();
