using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Ldfi.Testing.Tests.Shared;

/// <summary>
/// The port chosen for a server started later (a Node.js service, a PostgreSQL cluster) must not be one the system
/// may hand to another socket meanwhile: in CI, a relay exited with EADDRINUSE on a port picked from the ephemeral range.
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void A_chosen_port_lies_below_the_ephemeral_range_and_is_free()
    {
        // Linux says where its range starts; elsewhere IANA's dynamic range is assumed.
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeral = File.Exists(Range) ? int.Parse(File.ReadAllText(Range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) : 49152;

        var ports = Enumerable.Range(0, 20).Select(_ => LoopbackPorts.Take("test")).ToList();

        Assert.All(ports, p => Assert.InRange(p, 1024, ephemeral - 1));
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
    }

    [Fact]
    public void A_given_port_in_use_is_refused_with_the_servers_name()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = Assert.Throws<InvalidOperationException>(() => LoopbackPorts.Take("payments", port));

        Assert.Contains($"Service 'payments' cannot listen on 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
