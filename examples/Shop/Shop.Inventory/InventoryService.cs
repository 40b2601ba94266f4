namespace Shop.Inventory;

/// <summary>Marks the Inventory service's assembly (the catalog, stock levels and reservations).</summary>
public sealed class InventoryService;
