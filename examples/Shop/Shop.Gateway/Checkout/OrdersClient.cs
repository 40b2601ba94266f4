using System.Net;
using Microsoft.AspNetCore.Mvc;
using Polly.Timeout;
using Shop.Contracts;

namespace Shop.Gateway.Checkout;

/// <summary>Places orders with the orders service.</summary>
internal sealed class OrdersClient(HttpClient http, ILogger<OrdersClient> logger)
{
    public async Task<(OrderConfirmation? Order, int Status, string? Detail)> PlaceAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("orders", request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<OrderConfirmation>(cancellationToken), StatusCodes.Status201Created, null);
            }

            var problem = await ReadProblemAsync(response, cancellationToken);
            return (int)response.StatusCode is >= 400 and < 500 and var status
                ? (null, status, problem?.Detail)
                : (null, StatusCodes.Status503ServiceUnavailable, "Checkout is unavailable right now; please try again.");
        }
        catch (TimeoutRejectedException ex)
        {
            logger.LogWarning(ex, "Orders did not answer in time for customer {CustomerId}", request.CustomerId);
            return (null, StatusCodes.Status504GatewayTimeout, "Checkout took too long; check your orders before trying again.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Orders is unreachable");
            return (null, StatusCodes.Status503ServiceUnavailable, "Checkout is unavailable right now; please try again.");
        }
    }

    private static async Task<ProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
