namespace Shop.Gateway.Loyalty;

/// <summary>Where the loyalty service lives and how long a read may take (configuration section <c>Loyalty</c>).</summary>
internal sealed class LoyaltyOptions
{
    /// <summary>Gets or sets the loyalty service's gRPC address. <value>Defaults to <c>http://loyalty/</c>.</value></summary>
    public Uri Address { get; set; } = new("http://loyalty/");

    /// <summary>Gets or sets the gRPC deadline of balance and reward reads. <value>Defaults to 5 seconds.</value></summary>
    public TimeSpan ReadDeadline { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>A customer's loyalty page: the balance and the rewards, <see cref="RewardsDegraded"/> when they could not be read.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Points">The points balance.</param>
/// <param name="Rewards">The rewards the customer can afford.</param>
/// <param name="RewardsDegraded">Whether the rewards list is missing because the loyalty service did not answer.</param>
public sealed record LoyaltyPage(string CustomerId, int Points, IReadOnlyList<string> Rewards, bool RewardsDegraded);

/// <summary>Points to award for an order.</summary>
/// <param name="OrderId">The order the points are for.</param>
/// <param name="Points">How many points.</param>
public sealed record PointsAward(string OrderId, int Points);
