using Shop.Contracts;

namespace Shop.Payments;

/// <summary>Where charges are kept: in memory by default, in PostgreSQL when <c>ConnectionStrings:payments-db</c> is set.</summary>
public interface IChargeLedger
{
    /// <summary>Records a charge.</summary>
    Task<Charge> RecordAsync(ChargeRequest request, string authorizationCode, CancellationToken cancellationToken);

    /// <summary>Every charge of a customer.</summary>
    Task<IReadOnlyList<Charge>> ForAsync(string customerId, CancellationToken cancellationToken);
}
