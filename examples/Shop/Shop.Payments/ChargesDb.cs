using Microsoft.EntityFrameworkCore;

namespace Shop.Payments;

/// <summary>The payments database (PostgreSQL through Npgsql), used when <c>ConnectionStrings:payments-db</c> is set.</summary>
public sealed class ChargesDb(DbContextOptions<ChargesDb> options) : DbContext(options)
{
    /// <summary>Gets the charges table.</summary>
    public DbSet<ChargeRow> Charges => Set<ChargeRow>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ChargeRow>(e =>
        {
            e.ToTable("charges");
            e.HasIndex(c => c.CustomerId);
        });
}

/// <summary>One row of the charges table. Keyed by a generated id: nothing stops the same charge being written twice.</summary>
public sealed class ChargeRow
{
    /// <summary>Gets or sets the row id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the charge id shown to callers.</summary>
    public string ChargeId { get; set; } = string.Empty;

    /// <summary>Gets or sets the customer.</summary>
    public string CustomerId { get; set; } = string.Empty;

    /// <summary>Gets or sets the order.</summary>
    public string OrderId { get; set; } = string.Empty;

    /// <summary>Gets or sets the amount.</summary>
    public decimal Amount { get; set; }

    /// <summary>Gets or sets the currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Gets or sets when it was charged.</summary>
    public DateTimeOffset ChargedAt { get; set; }
}
