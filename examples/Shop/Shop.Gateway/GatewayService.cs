namespace Shop.Gateway;

/// <summary>Marks the Gateway's assembly: the public API of the shop (product pages and checkout).</summary>
public sealed class GatewayService;
