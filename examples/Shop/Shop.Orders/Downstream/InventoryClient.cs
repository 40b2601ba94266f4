using System.Net;
using Shop.Contracts;

namespace Shop.Orders.Downstream;

/// <summary>Reserves and releases stock in the inventory service.</summary>
internal sealed class InventoryClient(HttpClient http, ILogger<InventoryClient> logger)
{
    public async Task<CallOutcome<Reservation>> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("reservations", request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Created or HttpStatusCode.OK => CallOutcome<Reservation>.Success((await response.Content.ReadFromJsonAsync<Reservation>(cancellationToken))!),
                HttpStatusCode.NotFound => CallOutcome<Reservation>.Failure(StatusCodes.Status404NotFound, $"Unknown product '{request.Sku}'."),
                HttpStatusCode.Conflict => CallOutcome<Reservation>.Failure(StatusCodes.Status409Conflict, $"'{request.Sku}' is out of stock."),
                _ => CallOutcome<Reservation>.Failure(StatusCodes.Status503ServiceUnavailable, $"Inventory answered {(int)response.StatusCode}."),
            };
        }
        catch (Exception ex) when (DownstreamFailure.IsUnavailable(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Could not reserve stock for order {OrderId}", request.OrderId);
            return CallOutcome<Reservation>.Failure(StatusCodes.Status503ServiceUnavailable, "Inventory is unavailable.");
        }
    }

    /// <summary>Gives reserved stock back. Best effort: a reservation left behind expires in the inventory service.</summary>
    public async Task ReleaseAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.DeleteAsync($"reservations/{orderId}", cancellationToken);
        }
        catch (Exception ex) when (DownstreamFailure.IsUnavailable(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Could not release the reservation of order {OrderId}", orderId);
        }
    }
}
