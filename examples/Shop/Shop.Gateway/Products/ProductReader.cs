using System.Net;
using Polly.Timeout;
using Shop.Contracts;

namespace Shop.Gateway.Products;

/// <summary>Reads product data from the catalog, then its read replica, then the last-known-good cache.</summary>
internal sealed class ProductReader(IHttpClientFactory clients, ProductCache cache, ILogger<ProductReader> logger)
{
    public async Task<ProductRead> ReadAsync(string sku, CancellationToken cancellationToken)
    {
        // A 404 from one copy may be replication lag, so every source is asked before the product is declared unknown.
        var primary = await TryReadAsync(Clients.CatalogPrimary, sku, cancellationToken);
        if (primary.Product is { } fresh)
        {
            cache.Remember(fresh);
            return new ProductRead(fresh, Degraded: null, NotFound: false);
        }

        var replica = await TryReadAsync(Clients.CatalogReplica, sku, cancellationToken);
        if (replica.Product is { } replicated)
        {
            cache.Remember(replicated);
            return new ProductRead(replicated, ProductPageParts.CatalogReplica, NotFound: false);
        }

        return cache.Find(sku) is { } stale
            ? new ProductRead(stale, ProductPageParts.CatalogCache, NotFound: false)
            : new ProductRead(null, null, NotFound: primary.NotFound && replica.NotFound);
    }

    private async Task<(Product? Product, bool NotFound)> TryReadAsync(string client, string sku, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(client).GetAsync($"products/{Uri.EscapeDataString(sku)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, true);
            }

            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<Product>(cancellationToken), false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Catalog read from {Client} failed for {Sku}", client, sku);
            return (null, false);
        }
    }
}

/// <summary>Product data and where it came from: <see cref="Degraded"/> is null for the primary catalog.</summary>
internal sealed record ProductRead(Product? Product, string? Degraded, bool NotFound);
