using System.Net;
using System.Net.Sockets;

namespace Ldfi.Testing.Proxy;

/// <summary>Loopback ports for services: a free one from the operating system, or a given one checked to be free.</summary>
internal static class FreePorts
{
    public static int Take(string service, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException($"Service '{service}' cannot listen on 127.0.0.1:{port}: the port is in use by another process.", ex);
        }
        finally
        {
            listener.Stop();
        }
    }
}
