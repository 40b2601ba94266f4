using Shop.Loyalty;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrpc();
builder.Services.AddSingleton<PointsLedger>();

var app = builder.Build();
app.MapGrpcService<LoyaltyGrpcService>();

app.Run();
