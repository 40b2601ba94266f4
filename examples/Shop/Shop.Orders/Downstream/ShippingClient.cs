using Polly;
using Shop.Contracts;

namespace Shop.Orders.Downstream;

/// <summary>Asks the shipping service for a delivery quote, falling back to the standard parcel service.</summary>
internal sealed class ShippingClient(HttpClient http, [FromKeyedServices(ShippingClient.Pipeline)] ResiliencePipeline<ShippingClient.Quote> pipeline)
{
    public const string Pipeline = "shipping-quote";

    /// <summary>What every order can fall back to: the standard parcel service.</summary>
    public static readonly ShippingQuote Standard = new("Standard parcel", 4.95m, 5);

    public async Task<Quote> QuoteAsync(ShippingQuoteRequest request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            async (state, ct) =>
            {
                using var response = await state.http.PostAsJsonAsync("quotes", state.request, ct);
                response.EnsureSuccessStatusCode();
                return new Quote((await response.Content.ReadFromJsonAsync<ShippingQuote>(ct))!, IsFallback: false);
            },
            (http, request),
            cancellationToken);

    /// <summary>A quote, and whether it is the fallback.</summary>
    internal sealed record Quote(ShippingQuote Value, bool IsFallback);
}
