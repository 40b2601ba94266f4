using Ldfi.Testing;
using Ldfi.Testing.Hosting;
using Ldfi.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Payments;

namespace Shop.DatabaseTests;

/// <summary>The payments service on a fresh database of a throw-away PostgreSQL, its EF Core context a database boundary.</summary>
public sealed class PaymentsOnPostgres : IAsyncLifetime
{
    private PostgresServer? server;

    public ServiceMesh Mesh { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("payments");
        Mesh = new ServiceMesh().Add<PaymentsService>(
            "payments",
            services => services.ConfigureDbContext<ChargesDb>(o => o.AddFaultInjection("payments", "payments-db")),
            new Dictionary<string, string?> { ["ConnectionStrings:payments-db"] = database });
        await Mesh.StartAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Mesh is not null)
            {
                await Mesh.DisposeAsync();
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsOnPostgres>
{
    public const string Name = "payments-on-postgres";
}
