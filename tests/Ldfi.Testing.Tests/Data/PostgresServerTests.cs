using Ldfi.Testing.Postgres;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Without_server_binaries_the_fixture_says_what_to_install()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "no-postgres-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresServer.StartAsync(searchPath: nowhere, debianRoot: nowhere));

        Assert.Contains("initdb, pg_ctl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", ex.Message, StringComparison.Ordinal);
    }
}
