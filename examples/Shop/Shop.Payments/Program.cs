using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Contracts;
using Shop.Payments;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ChargeLedger>();
builder.Services.AddSingleton<ICardProcessor, InMemoryCardProcessor>();

var app = builder.Build();

app.MapPost("/charges", async Task<Results<Created<Charge>, ValidationProblem, ProblemHttpResult>> (
    ChargeRequest request, ICardProcessor cards, ChargeLedger ledger, ILogger<PaymentsService> logger, CancellationToken cancellationToken) =>
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

    var charge = ledger.Record(request, authorization.AuthorizationCode!);
    return TypedResults.Created($"/charges/{charge.ChargeId}", charge);
})
.ProducesProblem(StatusCodes.Status402PaymentRequired)
.ProducesProblem(StatusCodes.Status502BadGateway);

app.MapGet("/charges", Ok<IReadOnlyList<Charge>> (string customerId, ChargeLedger ledger) => TypedResults.Ok(ledger.For(customerId)));

app.Run();
