using System.Data.Common;

namespace Ldfi.Testing;

/// <summary>A Delay fault on a command that already ran: its completion is held until the command timeout or cancellation.</summary>
internal static class DbDelay
{
    public static async Task HoldAsync(BoundaryCall call, DbCommand command, DbDataReader? reader, FaultInjectionDbOptions options, Action done, CancellationToken cancellationToken)
    {
        // The command timeout as a timer on the run's clock (FaultInjection.TimeProvider is the experiment's clock in its flow);
        // 0 means no timeout, as for the provider: then only cancellation ends the hold, and the run reports it unguarded.
        var seconds = command.CommandTimeout;
        using var timeout = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), FaultInjection.TimeProvider) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await call.HoldResponseAsync(linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(reader).ConfigureAwait(false);
            call.Complete(false, "command timeout");
            throw options.TimeoutFactory(command);
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync(reader).ConfigureAwait(false);
            call.Complete(false, "cancelled");
            throw;
        }
        finally
        {
            done();
        }

        call.Complete(true);
    }

    // The caller never sees this reader: consume and close it, so the connection is free for the caller's rollback or next command.
    private static async Task DisposeAsync(DbDataReader? reader)
    {
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }
}
