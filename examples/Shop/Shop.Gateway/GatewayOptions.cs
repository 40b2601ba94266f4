namespace Shop.Gateway;

/// <summary>Where the services behind the gateway live (configuration section <c>Services</c>).</summary>
internal sealed class ServiceEndpoints
{
    /// <summary>Gets or sets the orders service. <value>Defaults to <c>http://orders/</c>.</value></summary>
    public Uri Orders { get; set; } = new("http://orders/");

    /// <summary>Gets or sets the inventory service (catalog and stock). <value>Defaults to <c>http://inventory/</c>.</value></summary>
    public Uri Inventory { get; set; } = new("http://inventory/");

    /// <summary>Gets or sets the inventory read replica. <value>Defaults to <c>http://inventory-replica/</c>.</value></summary>
    public Uri InventoryReplica { get; set; } = new("http://inventory-replica/");

    /// <summary>Gets or sets the recommendations service. <value>Defaults to <c>http://recommendations/</c>.</value></summary>
    public Uri Recommendations { get; set; } = new("http://recommendations/");
}

/// <summary>Timeouts of outgoing calls (configuration section <c>Resilience</c>).</summary>
internal sealed class GatewayResilienceOptions
{
    /// <summary>Gets or sets how long one catalog or stock read may take. <value>Defaults to 2 seconds.</value></summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long optional enrichment (recommendations) may take. <value>Defaults to 500 ms.</value></summary>
    public TimeSpan OptionalTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how long placing an order may take. <value>Defaults to 30 seconds.</value></summary>
    public TimeSpan CheckoutTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The names of the gateway's HTTP clients.</summary>
internal static class Clients
{
    public const string CatalogPrimary = "catalog-primary";
    public const string CatalogReplica = "catalog-replica";
    public const string Stock = "stock";
    public const string Recommendations = "recommendations";
}
