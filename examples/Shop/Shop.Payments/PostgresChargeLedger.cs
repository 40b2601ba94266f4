using Microsoft.EntityFrameworkCore;
using Shop.Contracts;

namespace Shop.Payments;

/// <summary>Charges in PostgreSQL through EF Core, with the retrying execution strategy at its defaults.</summary>
internal sealed class PostgresChargeLedger(ChargesDb db, TimeProvider time) : IChargeLedger
{
    public async Task<Charge> RecordAsync(ChargeRequest request, string authorizationCode, CancellationToken cancellationToken)
    {
        var row = new ChargeRow
        {
            ChargeId = $"ch_{authorizationCode}", CustomerId = request.CustomerId, OrderId = request.OrderId,
            Amount = request.Amount, Currency = request.Currency, ChargedAt = time.GetUtcNow(),
        };
        db.Charges.Add(row);
        await db.SaveChangesAsync(cancellationToken); // EnableRetryOnFailure retries this on a transient failure or a timeout
        return ToCharge(row);
    }

    public async Task<IReadOnlyList<Charge>> ForAsync(string customerId, CancellationToken cancellationToken) =>
        (await db.Charges.AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.Id).ToListAsync(cancellationToken)).ConvertAll(ToCharge);

    private static Charge ToCharge(ChargeRow row) => new(row.ChargeId, row.CustomerId, row.OrderId, row.Amount, row.Currency, row.ChargedAt);
}
