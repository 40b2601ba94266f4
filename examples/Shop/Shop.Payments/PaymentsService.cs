namespace Shop.Payments;

/// <summary>Marks the Payments service's assembly (card charges and the charge ledger).</summary>
public sealed class PaymentsService;
