using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ldfi.Testing;

// Compiled into the packages and test fixtures that start servers on loopback (fault proxies' services, Aspire
// resources, the PostgreSQL fixture).

/// <summary>
/// Loopback ports for servers: a free one chosen here, or a given one checked to be free. A chosen port lies below the
/// operating system's ephemeral range: the service binds it only after this check, and a port the system hands out for
/// other sockets meanwhile (every outgoing connection of the machine takes one, and so does every listener on port 0)
/// could otherwise be taken in between (a Node.js service then exits with EADDRINUSE).
/// </summary>
internal static class LoopbackPorts
{
    private const int Attempts = 200;

    /// <summary>A free port: <paramref name="port"/> if it is free (an error naming <paramref name="service"/> if not), or with 0 one chosen here.</summary>
    public static int Take(string service, int port = 0)
    {
        if (port != 0)
        {
            return TryBind(port) ? port : throw new InvalidOperationException($"Service '{service}' cannot listen on 127.0.0.1:{port}: the port is in use by another process.");
        }

        var below = EphemeralStart();
        var low = Math.Max(1024, below - 12_000);
        for (var i = 0; i < Attempts && below - low > 0; i++)
        {
            var candidate = Random.Shared.Next(low, below);
            if (TryBind(candidate))
            {
                return candidate;
            }
        }

        // Nothing free below the ephemeral range: take one from the system, with the race described above.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool TryBind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The first port of the ephemeral range (Linux: <c>/proc/sys/net/ipv4/ip_local_port_range</c>; else IANA's 49152).</summary>
    private static int EphemeralStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var first = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49152;
        }
    }
}
