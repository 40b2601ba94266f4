using System.Collections.Concurrent;
using Shop.Contracts;
using Shop.Orders.Downstream;

namespace Shop.Orders;

/// <summary>Checkout: reserve the stock, charge the customer, book the delivery.</summary>
internal sealed class OrderPlacement(InventoryClient inventory, PaymentsClient payments, ShippingClient shipping, OrderBook orders)
{
    public async Task<CallOutcome<OrderConfirmation>> PlaceAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var orderId = Guid.NewGuid().ToString("N");
        var reserved = await inventory.ReserveAsync(new ReservationRequest(orderId, request.Sku, request.Quantity), cancellationToken);
        if (reserved.Value is not { } reservation)
        {
            return CallOutcome<OrderConfirmation>.Failure(reserved.Status, reserved.Detail!);
        }

        var total = reservation.UnitPrice * reservation.Quantity;
        var charged = await payments.ChargeAsync(new ChargeRequest(request.CustomerId, orderId, total, reservation.Currency), cancellationToken);
        if (charged.Value is not { } charge)
        {
            await inventory.ReleaseAsync(orderId, cancellationToken);
            return CallOutcome<OrderConfirmation>.Failure(charged.Status, charged.Detail!);
        }

        var quote = await shipping.QuoteAsync(new ShippingQuoteRequest(request.Sku, request.Quantity, request.Country), cancellationToken);
        var order = new OrderConfirmation(
            orderId, request.CustomerId, reservation.Sku, reservation.Quantity, total, reservation.Currency, charge.ChargeId, quote.Value,
            quote.IsFallback ? ["shipping"] : []);
        orders.Add(order);
        return CallOutcome<OrderConfirmation>.Success(order);
    }
}

/// <summary>Placed orders, in memory.</summary>
internal sealed class OrderBook
{
    private readonly ConcurrentDictionary<string, OrderConfirmation> orders = new(StringComparer.Ordinal);

    public void Add(OrderConfirmation order) => orders[order.OrderId] = order;

    public OrderConfirmation? Find(string orderId) => orders.GetValueOrDefault(orderId);
}
