using Shop.Contracts;

namespace Shop.Inventory;

/// <summary>The catalog and stock levels, in memory. Reservations are idempotent per order id.</summary>
internal sealed class InventoryStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Product> products = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> available = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Reservation> reservations = new(StringComparer.Ordinal);

    public InventoryStore()
    {
        Seed(new Product("SKU-1001", "Trail running shoes", 89.90m, "EUR"), 100_000);
        Seed(new Product("SKU-1002", "Merino running socks", 14.50m, "EUR"), 100_000);
        Seed(new Product("SKU-1003", "Hydration vest", 64.00m, "EUR"), 100_000);
        Seed(new Product("SKU-1004", "Headlamp 400 lm", 39.95m, "EUR"), 100_000);
        Seed(new Product("SKU-2001", "Limited edition jacket", 249.00m, "EUR"), 0);
    }

    public Product? FindProduct(string sku)
    {
        lock (gate)
        {
            return products.GetValueOrDefault(sku);
        }
    }

    public StockLevel? FindStock(string sku)
    {
        lock (gate)
        {
            return available.TryGetValue(sku, out var units) ? new StockLevel(products[sku].Sku, units) : null;
        }
    }

    public ReservationResult Reserve(ReservationRequest request)
    {
        lock (gate)
        {
            if (reservations.TryGetValue(request.OrderId, out var existing))
            {
                return new(ReservationStatus.AlreadyReserved, existing);
            }

            if (!products.TryGetValue(request.Sku, out var product))
            {
                return new(ReservationStatus.UnknownProduct, null);
            }

            if (available[product.Sku] < request.Quantity)
            {
                return new(ReservationStatus.OutOfStock, null);
            }

            available[product.Sku] -= request.Quantity;
            var reservation = new Reservation(request.OrderId, product.Sku, request.Quantity, product.Price, product.Currency);
            reservations[request.OrderId] = reservation;
            return new(ReservationStatus.Reserved, reservation);
        }
    }

    public bool Release(string orderId)
    {
        lock (gate)
        {
            if (!reservations.Remove(orderId, out var reservation))
            {
                return false;
            }

            available[reservation.Sku] += reservation.Quantity;
            return true;
        }
    }

    private void Seed(Product product, int units)
    {
        products[product.Sku] = product;
        available[product.Sku] = units;
    }
}

/// <summary>What happened to a reservation request.</summary>
internal enum ReservationStatus
{
    Reserved,
    AlreadyReserved,
    UnknownProduct,
    OutOfStock,
}

/// <summary>The outcome of <see cref="InventoryStore.Reserve"/>.</summary>
internal sealed record ReservationResult(ReservationStatus Status, Reservation? Reservation);
