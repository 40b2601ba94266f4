using Microsoft.Extensions.Options;
using Polly.Timeout;
using Shop.Contracts;

namespace Shop.Gateway.Products;

/// <summary>Composes a product page: product data is required, stock and recommendations degrade gracefully.</summary>
internal sealed class ProductPageBuilder(ProductReader catalog, IHttpClientFactory clients, IOptions<GatewayResilienceOptions> resilience, ILogger<ProductPageBuilder> logger)
{
    public async Task<(ProductPage? Page, bool NotFound)> BuildAsync(string sku, CancellationToken cancellationToken)
    {
        var productTask = catalog.ReadAsync(sku, cancellationToken);
        var stockTask = OptionalAsync<StockLevel>(Clients.Stock, $"stock/{Uri.EscapeDataString(sku)}", cancellationToken);
        var recommendationsTask = RecommendationsAsync(sku, cancellationToken);
        await Task.WhenAll(productTask, stockTask, recommendationsTask);

        var product = await productTask;
        if (product.Product is null)
        {
            return (null, product.NotFound);
        }

        var stock = await stockTask;
        var recommendations = await recommendationsTask;
        List<string> degraded = [];
        if (product.Degraded is { } source)
        {
            degraded.Add(source);
        }

        if (stock is null)
        {
            degraded.Add(ProductPageParts.Stock);
        }

        if (recommendations is null)
        {
            degraded.Add(ProductPageParts.Recommendations);
        }

        return (new ProductPage(product.Product, stock?.Available, recommendations ?? [], degraded), false);
    }

    private async Task<List<Recommendation>?> RecommendationsAsync(string sku, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resilience.Value.OptionalTimeout);
        return await OptionalAsync<List<Recommendation>>(Clients.Recommendations, $"recommendations/{Uri.EscapeDataString(sku)}", cancellationToken, timeout.Token);
    }

    private async Task<T?> OptionalAsync<T>(string client, string path, CancellationToken cancellationToken, CancellationToken? bounded = null)
        where T : class
    {
        try
        {
            var token = bounded ?? cancellationToken;
            using var response = await clients.CreateClient(client).GetAsync(path, token);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<T>(token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Leaving {Client} out of the product page for {Path}", client, path);
            return null;
        }
    }
}
