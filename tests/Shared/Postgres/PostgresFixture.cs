using Xunit;

namespace Ldfi.Testing.Postgres;

/// <summary>One PostgreSQL server for every test of the <c>postgres</c> collection, stopped when the collection ends (pass or fail).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    /// <summary>Gets the running server.</summary>
    public PostgresServer Server => server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>The tests that share <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
