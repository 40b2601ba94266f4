namespace Ldfi.Testing;

/// <summary>
/// Ends a Delay fault's hold at the gRPC call's deadline on the run's clock. Grpc.Net.Client enforces deadlines with a
/// real <see cref="System.Threading.Timer"/> and <see cref="DateTime.UtcNow"/>, which the virtual clock cannot see; the
/// client also sends the time left as <c>grpc-timeout</c>, so the fault handler sets a timer for that long on the run's
/// clock, owned by the caller, and answers <c>DEADLINE_EXCEEDED</c> when it fires, as a real server past the deadline would.
/// </summary>
internal static class GrpcDeadline
{
    /// <summary>Holds the response; true when the deadline (not the caller's token, not the run) ended the hold.</summary>
    public static async Task<bool> HoldAsync(BoundaryCall call, TimeSpan? timeout, CancellationToken callerToken) =>
        await call.HoldAsync(callerToken, timeout, timeout is { } left ? $"the gRPC deadline ({Phrases.Duration(left)}) of {call.Site}" : null).ConfigureAwait(false) == HoldEnd.Deadline;
}
