using System.Net;
using Shop.Contracts;

namespace Shop.Orders.Downstream;

/// <summary>Charges customers through the payments service.</summary>
internal sealed class PaymentsClient(HttpClient http, ILogger<PaymentsClient> logger)
{
    public async Task<CallOutcome<Charge>> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("charges", request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Created => CallOutcome<Charge>.Success((await response.Content.ReadFromJsonAsync<Charge>(cancellationToken))!),
                HttpStatusCode.PaymentRequired => CallOutcome<Charge>.Failure(StatusCodes.Status402PaymentRequired, "The card was declined."),
                _ => CallOutcome<Charge>.Failure(StatusCodes.Status503ServiceUnavailable, $"Payments answered {(int)response.StatusCode}."),
            };
        }
        catch (Exception ex) when (DownstreamFailure.IsUnavailable(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Could not charge order {OrderId}", request.OrderId);
            return CallOutcome<Charge>.Failure(StatusCodes.Status503ServiceUnavailable, "Payments is unavailable; nothing was charged.");
        }
    }
}
