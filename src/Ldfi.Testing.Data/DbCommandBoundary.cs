using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Ldfi.Testing;

/// <summary>
/// Makes every command a call site, for EF Core's interceptor and the ADO.NET wrappers alike: an Error fault throws
/// before the command is sent, a Delay fault lets it run (and, outside a transaction, commit) and holds its completion
/// on the run's clock until its command timeout or cancellation.
/// </summary>
internal sealed class DbCommandBoundary(FaultInjectionDbOptions options)
{
    private readonly ConditionalWeakTable<DbCommand, BoundaryCall> calls = [];

    /// <summary>Starts the command's call inside an experiment; throws the Error fault planned for it.</summary>
    public void Begin(DbCommand command)
    {
        // Outside an experiment: one ambient read, nothing recorded, nothing allocated.
        if (FaultInjection.Current is null
            || FaultInjection.BeginVariantCall(options.Caller, options.Database, SqlStatement.Normalize(command.CommandText), statusCodes: [], SqlStatement.Fingerprint(command.CommandText)) is not { } call)
        {
            return;
        }

        if (call.Fault is { Kind: FaultKind.Error } fault)
        {
            throw options.ErrorFactory(command, fault);
        }

        calls.AddOrUpdate(command, call);
    }

    /// <summary>The provider failed the command.</summary>
    public void Fail(DbCommand command, Exception exception)
    {
        if (calls.TryGetValue(command, out var call))
        {
            calls.Remove(command);
            call.Complete(false, exception.GetType().Name);
        }
    }

    /// <summary>The command ran: completes its call, or holds a delayed one (the thread waits on the run's clock).</summary>
    public void EndSync(DbCommand command, DbDataReader? reader)
    {
        var pending = EndAsync(command, reader, CancellationToken.None);
        if (!pending.IsCompleted)
        {
            // Held by a Delay: this thread waits on the run's clock, which must not wait for it in turn.
            using (calls.TryGetValue(command, out var call) ? call.ParkThread() : null)
            {
                pending.GetAwaiter().GetResult();
            }
        }

        pending.GetAwaiter().GetResult();
    }

    /// <summary>The command ran: completes its call, or holds a delayed one until its timeout or cancellation.</summary>
    public Task EndAsync(DbCommand command, DbDataReader? reader, CancellationToken cancellationToken)
    {
        if (!calls.TryGetValue(command, out var call))
        {
            return Task.CompletedTask;
        }

        if (call.Fault is not { Kind: FaultKind.Delay })
        {
            calls.Remove(command);
            call.Complete(true);
            return Task.CompletedTask;
        }

        return DbDelay.HoldAsync(call, command, reader, options, () => calls.Remove(command), cancellationToken);
    }
}
