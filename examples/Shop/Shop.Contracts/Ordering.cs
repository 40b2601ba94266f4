namespace Shop.Contracts;

/// <summary>A customer's checkout: one product line shipped to a country.</summary>
public sealed record CheckoutRequest(string CustomerId, string Sku, int Quantity, string Country);

/// <summary>A placed order, as returned by checkout.</summary>
/// <param name="Degraded">Parts served from a fallback: <c>shipping</c> when the default quote was used.</param>
public sealed record OrderConfirmation(string OrderId, string CustomerId, string Sku, int Quantity, decimal Total, string Currency, string ChargeId, ShippingQuote Shipping, IReadOnlyList<string> Degraded);

/// <summary>A request to hold stock for an order; repeating it with the same order id returns the same reservation.</summary>
public sealed record ReservationRequest(string OrderId, string Sku, int Quantity);

/// <summary>Stock held for an order, with the unit price at reservation time.</summary>
public sealed record Reservation(string OrderId, string Sku, int Quantity, decimal UnitPrice, string Currency);

/// <summary>A request to charge a customer's card on file.</summary>
public sealed record ChargeRequest(string CustomerId, string OrderId, decimal Amount, string Currency);

/// <summary>A recorded charge.</summary>
public sealed record Charge(string ChargeId, string CustomerId, string OrderId, decimal Amount, string Currency, DateTimeOffset CreatedAt);

/// <summary>A request for a shipping quote.</summary>
public sealed record ShippingQuoteRequest(string Sku, int Quantity, string Country);

/// <summary>A shipping offer.</summary>
public sealed record ShippingQuote(string Carrier, decimal Price, int Days);
