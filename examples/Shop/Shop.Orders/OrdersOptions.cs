namespace Shop.Orders;

/// <summary>Where the services the orders service depends on live (configuration section <c>Services</c>).</summary>
internal sealed class ServiceEndpoints
{
    /// <summary>Gets or sets the inventory service. <value>Defaults to <c>http://inventory/</c>.</value></summary>
    public Uri Inventory { get; set; } = new("http://inventory/");

    /// <summary>Gets or sets the payments service. <value>Defaults to <c>http://payments/</c>.</value></summary>
    public Uri Payments { get; set; } = new("http://payments/");

    /// <summary>Gets or sets the shipping service. <value>Defaults to <c>http://shipping/</c>.</value></summary>
    public Uri Shipping { get; set; } = new("http://shipping/");
}

/// <summary>Timeouts and retries of outgoing calls (configuration section <c>Resilience</c>).</summary>
internal sealed class OrdersResilienceOptions
{
    /// <summary>Gets or sets how long one attempt of a downstream call may take. <value>Defaults to 2 seconds.</value></summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the pause before a retry. <value>Defaults to 200 ms.</value></summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how long a downstream call may take, retries included. <value>Defaults to 10 seconds.</value></summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
