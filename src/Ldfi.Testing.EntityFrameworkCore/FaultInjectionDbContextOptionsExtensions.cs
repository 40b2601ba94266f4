using Microsoft.EntityFrameworkCore;

namespace Ldfi.Testing;

/// <summary>Registers the database boundary on an EF Core context.</summary>
public static class FaultInjectionDbContextOptionsExtensions
{
    /// <summary>
    /// Makes every command this context runs a call site <c>caller → database VERB table #n</c> (see <see cref="SqlStatement"/>)
    /// with <see cref="FaultKind.Error"/> and <see cref="FaultKind.Delay"/> faults; <see cref="FaultKind.Status"/> has no meaning
    /// for a database and is never planned here. Outside an experiment commands pass through untouched.
    /// </summary>
    /// <param name="builder">The context's options builder, for example in <c>AddDbContext</c>.</param>
    /// <param name="caller">The service that runs the commands, for example <c>payments</c>.</param>
    /// <param name="database">The database's name as a callee, for example <c>payments-db</c>.</param>
    /// <param name="configure">Changes the exceptions thrown; see <see cref="FaultInjectionDbOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static DbContextOptionsBuilder AddFaultInjection(this DbContextOptionsBuilder builder, string caller, string database, Action<FaultInjectionDbOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddInterceptors(new FaultInjectionCommandInterceptor(FaultInjectionDbExtensions.Options(caller, database, configure)));
    }
}
