using System.Collections.Concurrent;
using Grpc.Core;
using Shop.Loyalty.Grpc;

namespace Shop.Loyalty;

/// <summary>Marks the Loyalty service's assembly: loyalty points over gRPC (<c>loyalty.Loyalty</c>).</summary>
public sealed class LoyaltyService;

/// <summary>Points per customer, and every award as it arrived.</summary>
public sealed class PointsLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Reference, int Points)>> awards = new(StringComparer.Ordinal);

    /// <summary>Gets the awards a customer received, in order.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>Each award's reference (the order it was for) and points.</returns>
    public IReadOnlyList<(string Reference, int Points)> AwardsOf(string customerId) =>
        awards.TryGetValue(customerId, out var list) ? [.. list] : [];

    internal int Award(string customerId, string reference, int points)
    {
        // The bug the example keeps: the reference is stored, not checked, so a repeated award adds again.
        awards.GetOrAdd(customerId, _ => new()).Enqueue((reference, points));
        return BalanceOf(customerId);
    }

    internal int BalanceOf(string customerId) => AwardsOf(customerId).Sum(a => a.Points);
}

/// <summary>The gRPC service: award points, read the balance, stream the rewards catalogue.</summary>
internal sealed class LoyaltyGrpcService(PointsLedger ledger) : Grpc.Loyalty.LoyaltyBase
{
    private static readonly (string Name, int Cost)[] Catalogue = [("coffee", 100), ("tote bag", 500), ("voucher", 1000)];

    public override Task<Balance> Award(AwardRequest request, ServerCallContext context)
    {
        if (request.Points <= 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Points must be positive."));
        }

        var points = ledger.Award(request.CustomerId, request.Reference, request.Points);
        return Task.FromResult(new Balance { CustomerId = request.CustomerId, Points = points });
    }

    public override Task<Balance> GetBalance(BalanceRequest request, ServerCallContext context) =>
        Task.FromResult(new Balance { CustomerId = request.CustomerId, Points = ledger.BalanceOf(request.CustomerId) });

    public override async Task ListRewards(BalanceRequest request, IServerStreamWriter<Reward> responseStream, ServerCallContext context)
    {
        var balance = ledger.BalanceOf(request.CustomerId);
        foreach (var (name, cost) in Catalogue)
        {
            await responseStream.WriteAsync(new Reward { Name = name, Cost = cost, Affordable = cost <= balance }, context.CancellationToken);
        }
    }
}
