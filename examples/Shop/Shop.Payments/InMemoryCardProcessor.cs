using System.Globalization;

namespace Shop.Payments;

/// <summary>A sandbox acquirer: approves every payment up to a per-charge limit.</summary>
internal sealed class InMemoryCardProcessor : ICardProcessor
{
    private const decimal Limit = 5_000m;
    private int sequence;

    public Task<CardAuthorization> ChargeAsync(CardPayment payment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (payment.Amount > Limit)
        {
            return Task.FromResult(CardAuthorization.Decline("amount over card limit"));
        }

        var code = Interlocked.Increment(ref sequence).ToString("'AUTH-'000000", CultureInfo.InvariantCulture);
        return Task.FromResult(CardAuthorization.Approve(code));
    }
}
