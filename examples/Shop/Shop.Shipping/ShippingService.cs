namespace Shop.Shipping;

/// <summary>Marks the Shipping service's assembly (carrier quotes).</summary>
public sealed class ShippingService;
