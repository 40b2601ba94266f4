using System.Data.Common;
using System.Reflection;

namespace Ldfi.Testing;

/// <summary>
/// The exceptions the database boundary throws by default: the provider's own types, found next to the command's type,
/// so this package needs no reference to a provider. Known: Npgsql. Others get an <see cref="InjectedDbException"/>.
/// </summary>
public static class DbFaultExceptions
{
    /// <summary>A transient failure before the command reached the server (as a dropped connection gives).</summary>
    /// <param name="command">The command.</param>
    /// <param name="fault">The fault.</param>
    /// <returns>For Npgsql an <c>NpgsqlException</c> around an <see cref="IOException"/> (<c>IsTransient</c> is true).</returns>
    public static Exception Transient(DbCommand command, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(fault);
        var message = $"Exception while writing to stream (injected: {fault})";
        return Npgsql(command, message, new IOException(message)) ?? new InjectedDbException(message, isTransient: true);
    }

    /// <summary>The failure a command timeout gives.</summary>
    /// <param name="command">The command.</param>
    /// <returns>For Npgsql an <c>NpgsqlException</c> around a <see cref="TimeoutException"/>, as Npgsql throws on a timeout.</returns>
    public static Exception Timeout(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var inner = new TimeoutException($"Timeout during reading attempt (command timeout {command.CommandTimeout} s, injected delay)");
        return Npgsql(command, "Exception while reading from stream", inner) ?? new InjectedDbException(inner.Message, isTransient: true, inner);
    }

    private static Exception? Npgsql(DbCommand command, string message, Exception inner)
    {
        // The command may be wrapped (profilers): the connection's assembly is the provider's too.
        var assembly = command.GetType().Assembly;
        if (assembly.GetType("Npgsql.NpgsqlException") is not { } type)
        {
            return null;
        }

        return (Exception?)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance, null, [message, inner], null);
    }
}
