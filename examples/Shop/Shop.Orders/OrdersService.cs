namespace Shop.Orders;

/// <summary>Marks the Orders service's assembly (checkout: reserve, charge, ship).</summary>
public sealed class OrdersService;
