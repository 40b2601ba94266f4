using System.Collections.Concurrent;
using Shop.Contracts;

namespace Shop.Gateway.Products;

/// <summary>The last product data each catalog read returned: served stale when no catalog answers.</summary>
internal sealed class ProductCache
{
    private readonly ConcurrentDictionary<string, Product> products = new(StringComparer.OrdinalIgnoreCase);

    public void Remember(Product product) => products[product.Sku] = product;

    public Product? Find(string sku) => products.GetValueOrDefault(sku);
}
