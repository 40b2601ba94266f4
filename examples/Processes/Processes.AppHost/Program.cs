// The checkout half of the shop as an Aspire app host: orders and its three dependencies as project resources.
// The Shop projects have no launch profiles, so each gets its HTTP endpoint here; Shop.Orders binds its addresses from
// Services:* (IOptions), so each reference is also given that way.
var builder = DistributedApplication.CreateBuilder(args);

var payments = builder.AddProject<Projects.Shop_Payments>("payments").WithHttpEndpoint();
var inventory = builder.AddProject<Projects.Shop_Inventory>("inventory").WithHttpEndpoint();
var shipping = builder.AddProject<Projects.Shop_Shipping>("shipping").WithHttpEndpoint();
builder.AddProject<Projects.Shop_Orders>("orders").WithHttpEndpoint()
    .WithReference(payments).WithEnvironment("Services__Payments", payments.GetEndpoint("http"))
    .WithReference(inventory).WithEnvironment("Services__Inventory", inventory.GetEndpoint("http"))
    .WithReference(shipping).WithEnvironment("Services__Shipping", shipping.GetEndpoint("http"));

builder.Build().Run();
