using Polly.Timeout;

namespace Shop.Orders.Downstream;

/// <summary>The result of a downstream call: a value, or the status the orders service should answer with.</summary>
internal sealed record CallOutcome<T>(T? Value, int Status, string? Detail)
    where T : class
{
    public static CallOutcome<T> Success(T value) => new(value, StatusCodes.Status200OK, null);

    public static CallOutcome<T> Failure(int status, string detail) => new(null, status, detail);
}

/// <summary>Classifies exceptions of downstream calls.</summary>
internal static class DownstreamFailure
{
    /// <summary>Whether the call failed on the wire (refused, reset, timed out), as opposed to the caller giving up.</summary>
    public static bool IsUnavailable(Exception exception, CancellationToken callerToken) =>
        exception is HttpRequestException or TimeoutRejectedException
        || (exception is OperationCanceledException && !callerToken.IsCancellationRequested);
}
