using System.Collections.Concurrent;
using Shop.Contracts;

namespace Shop.Payments;

/// <summary>Every charge made, per customer.</summary>
internal sealed class ChargeLedger(TimeProvider time) : IChargeLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Charge>> byCustomer = new(StringComparer.Ordinal);

    public Charge Record(ChargeRequest request, string authorizationCode)
    {
        var charge = new Charge($"ch_{authorizationCode}", request.CustomerId, request.OrderId, request.Amount, request.Currency, time.GetUtcNow());
        byCustomer.GetOrAdd(request.CustomerId, _ => new()).Enqueue(charge);
        return charge;
    }

    public IReadOnlyList<Charge> For(string customerId) =>
        byCustomer.TryGetValue(customerId, out var charges) ? [.. charges] : [];

    public Task<Charge> RecordAsync(ChargeRequest request, string authorizationCode, CancellationToken cancellationToken) =>
        Task.FromResult(Record(request, authorizationCode));

    public Task<IReadOnlyList<Charge>> ForAsync(string customerId, CancellationToken cancellationToken) => Task.FromResult(For(customerId));
}
