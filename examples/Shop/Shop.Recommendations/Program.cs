using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Contracts;
using Shop.Recommendations;

var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

app.MapGet("/recommendations/{sku}", Ok<IReadOnlyList<Recommendation>> (string sku) => TypedResults.Ok(AlsoBought.For(sku)));

app.Run();

/// <summary>A precomputed "customers also bought" table.</summary>
internal static class AlsoBought
{
    private static readonly Dictionary<string, Recommendation[]> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SKU-1001"] = [new("SKU-1002", "Merino running socks"), new("SKU-1003", "Hydration vest")],
        ["SKU-1003"] = [new("SKU-1004", "Headlamp 400 lm")],
    };

    public static IReadOnlyList<Recommendation> For(string sku) => Table.GetValueOrDefault(sku) ?? [];
}
