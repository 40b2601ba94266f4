namespace Shop.Contracts;

/// <summary>A product as the catalog (inventory) knows it.</summary>
public sealed record Product(string Sku, string Name, decimal Price, string Currency);

/// <summary>How many units of a product can still be sold.</summary>
public sealed record StockLevel(string Sku, int Available);

/// <summary>A product suggested alongside another.</summary>
public sealed record Recommendation(string Sku, string Name);

/// <summary>
/// The gateway's product page. <paramref name="Degraded"/> names the parts served from a fallback or left out
/// (<c>catalog-replica</c>, <c>catalog-cache</c>, <c>stock</c>, <c>recommendations</c>); empty when everything answered.
/// </summary>
public sealed record ProductPage(Product Product, int? Available, IReadOnlyList<Recommendation> Recommendations, IReadOnlyList<string> Degraded);

/// <summary>Well-known parts of a <see cref="ProductPage"/> that can be degraded.</summary>
public static class ProductPageParts
{
    /// <summary>Product data came from the inventory replica.</summary>
    public const string CatalogReplica = "catalog-replica";

    /// <summary>Product data came from the gateway's last-known-good cache.</summary>
    public const string CatalogCache = "catalog-cache";

    /// <summary>Stock is unknown.</summary>
    public const string Stock = "stock";

    /// <summary>Recommendations were left out.</summary>
    public const string Recommendations = "recommendations";
}
