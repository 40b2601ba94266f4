using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Contracts;
using Shop.Shipping;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();

var app = builder.Build();

app.MapPost("/quotes", Results<Ok<ShippingQuote>, ValidationProblem, ProblemHttpResult> (ShippingQuoteRequest request) =>
{
    if (request.Quantity <= 0)
    {
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quantity"] = ["Quantity must be positive."] });
    }

    return CarrierRates.Quote(request) is { } quote
        ? TypedResults.Ok(quote)
        : TypedResults.Problem($"We do not ship to '{request.Country}'.", statusCode: StatusCodes.Status422UnprocessableEntity);
})
.ProducesProblem(StatusCodes.Status422UnprocessableEntity);

app.Run();

/// <summary>Table rates per destination.</summary>
internal static class CarrierRates
{
    private static readonly Dictionary<string, (string Carrier, decimal Base, decimal PerItem, int Days)> Rates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NL"] = ("PostNL", 3.95m, 0.50m, 1),
        ["DE"] = ("DHL", 4.95m, 0.50m, 2),
        ["FR"] = ("Colissimo", 5.95m, 0.75m, 3),
        ["BE"] = ("bpost", 4.50m, 0.50m, 2),
    };

    public static ShippingQuote? Quote(ShippingQuoteRequest request) =>
        Rates.TryGetValue(request.Country, out var rate)
            ? new ShippingQuote(rate.Carrier, rate.Base + (rate.PerItem * (request.Quantity - 1)), rate.Days)
            : null;
}
