using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Contracts;
using Shop.Payments;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ICardProcessor, InMemoryCardProcessor>();
// Charges live in PostgreSQL when ConnectionStrings:payments-db is set (read when first needed: test hosts add configuration
// after this code ran), in memory otherwise. Production resilience defaults: EF Core's retrying strategy, Npgsql's 30 s timeout.
builder.Services.AddSingleton<ChargeLedger>();
builder.Services.AddDbContext<ChargesDb>((sp, o) => o.UseNpgsql(Database(sp.GetRequiredService<IConfiguration>()), npgsql => npgsql.EnableRetryOnFailure()));
builder.Services.AddScoped<IChargeLedger>(sp => Database(sp.GetRequiredService<IConfiguration>()) is null
    ? sp.GetRequiredService<ChargeLedger>()
    : ActivatorUtilities.CreateInstance<PostgresChargeLedger>(sp));

var app = builder.Build();
if (Database(app.Configuration) is not null)
{
    using (var scope = app.Services.CreateScope())
    {
        scope.ServiceProvider.GetRequiredService<ChargesDb>().Database.EnsureCreated();
    }
}

app.MapPost("/charges", async Task<Results<Created<Charge>, ValidationProblem, ProblemHttpResult>> (
    ChargeRequest request, ICardProcessor cards, IChargeLedger ledger, ILogger<PaymentsService> logger, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.CustomerId) || request.Amount <= 0)
    {
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = ["A customer id and a positive amount are required."] });
    }

    CardAuthorization authorization;
    try
    {
        authorization = await cards.ChargeAsync(new CardPayment(request.CustomerId, request.Amount, request.Currency), cancellationToken);
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        logger.LogWarning(ex, "Card processor failed for order {OrderId}", request.OrderId);
        return TypedResults.Problem("The card processor did not answer; nothing was charged.", statusCode: StatusCodes.Status502BadGateway);
    }

    if (!authorization.Approved)
    {
        return TypedResults.Problem($"The card was declined: {authorization.DeclineReason}.", statusCode: StatusCodes.Status402PaymentRequired);
    }

    var charge = await ledger.RecordAsync(request, authorization.AuthorizationCode!, cancellationToken);
    return TypedResults.Created($"/charges/{charge.ChargeId}", charge);
})
.ProducesProblem(StatusCodes.Status402PaymentRequired)
.ProducesProblem(StatusCodes.Status502BadGateway);

app.MapGet("/charges", async Task<Ok<IReadOnlyList<Charge>>> (string customerId, IChargeLedger ledger, CancellationToken cancellationToken) =>
    TypedResults.Ok(await ledger.ForAsync(customerId, cancellationToken)));

app.Run();

static string? Database(IConfiguration configuration) => configuration.GetConnectionString("payments-db") is { Length: > 0 } database ? database : null;
