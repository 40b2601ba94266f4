using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Loyalty.Grpc;
using LoyaltyClient = Shop.Loyalty.Grpc.Loyalty.LoyaltyClient;

namespace Shop.Gateway.Loyalty;

/// <summary>The gateway's loyalty endpoints, calling the loyalty service over gRPC.</summary>
internal static class LoyaltyEndpoints
{
    /// <summary>
    /// One gRPC client for the loyalty service, with the standard resilience handler at its production defaults (10 s per
    /// attempt, 3 retries on transport errors and timeouts, 30 s in all) — the handler that retries a late, non-idempotent Award.
    /// </summary>
    public static void AddLoyalty(this IServiceCollection services)
    {
        services.AddOptions<LoyaltyOptions>().BindConfiguration("Loyalty");
        services.AddGrpcClient<LoyaltyClient>((sp, o) => o.Address = sp.GetRequiredService<IOptions<LoyaltyOptions>>().Value.Address)
            .AddStandardResilienceHandler();
    }

    public static void MapLoyalty(this IEndpointRouteBuilder app)
    {
        app.MapPost("/loyalty/{customerId}/points", async Task<Results<Ok<int>, ProblemHttpResult>> (string customerId, PointsAward award, LoyaltyClient loyalty, CancellationToken cancellationToken) =>
        {
            try
            {
                var balance = await loyalty.AwardAsync(new AwardRequest { CustomerId = customerId, Points = award.Points, Reference = award.OrderId }, cancellationToken: cancellationToken);
                return TypedResults.Ok(balance.Points);
            }
            catch (RpcException ex)
            {
                return TypedResults.Problem($"Points could not be awarded ({ex.StatusCode}); try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/loyalty/{customerId}", async Task<Results<Ok<LoyaltyPage>, ProblemHttpResult>> (string customerId, LoyaltyClient loyalty, IOptions<LoyaltyOptions> options, CancellationToken cancellationToken) =>
        {
            var request = new BalanceRequest { CustomerId = customerId };
            Balance balance;
            try
            {
                balance = await loyalty.GetBalanceAsync(request, deadline: DateTime.UtcNow + options.Value.ReadDeadline, cancellationToken: cancellationToken);
            }
            catch (RpcException ex)
            {
                return TypedResults.Problem($"The balance is unavailable right now ({ex.StatusCode}).", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            // The rewards are optional: without them the page still shows the balance.
            try
            {
                var rewards = new List<string>();
                using var call = loyalty.ListRewards(request, deadline: DateTime.UtcNow + options.Value.ReadDeadline, cancellationToken: cancellationToken);
                await foreach (var reward in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (reward.Affordable)
                    {
                        rewards.Add(reward.Name);
                    }
                }

                return TypedResults.Ok(new LoyaltyPage(customerId, balance.Points, rewards, RewardsDegraded: false));
            }
            catch (RpcException)
            {
                return TypedResults.Ok(new LoyaltyPage(customerId, balance.Points, [], RewardsDegraded: true));
            }
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
