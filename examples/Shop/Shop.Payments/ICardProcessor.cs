namespace Shop.Payments;

/// <summary>The card network the payments service charges through (an external acquirer in production).</summary>
public interface ICardProcessor
{
    /// <summary>Charges a customer's card on file.</summary>
    /// <param name="payment">What to charge.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up.</param>
    /// <returns>The acquirer's answer: approved with an authorization code, or declined with a reason.</returns>
    /// <exception cref="CardProcessorUnavailableException">The acquirer could not be reached.</exception>
    Task<CardAuthorization> ChargeAsync(CardPayment payment, CancellationToken cancellationToken);
}

/// <summary>A card payment to authorize and capture.</summary>
public sealed record CardPayment(string CustomerId, decimal Amount, string Currency);

/// <summary>The acquirer's answer to a <see cref="CardPayment"/>.</summary>
public sealed record CardAuthorization(bool Approved, string? AuthorizationCode, string? DeclineReason)
{
    /// <summary>An approval.</summary>
    public static CardAuthorization Approve(string code) => new(true, code, null);

    /// <summary>A decline.</summary>
    public static CardAuthorization Decline(string reason) => new(false, null, reason);
}

/// <summary>The card processor could not be reached or failed to answer.</summary>
public sealed class CardProcessorUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CardProcessorUnavailableException"/> class.</summary>
    public CardProcessorUnavailableException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CardProcessorUnavailableException"/> class.</summary>
    public CardProcessorUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CardProcessorUnavailableException"/> class.</summary>
    public CardProcessorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
