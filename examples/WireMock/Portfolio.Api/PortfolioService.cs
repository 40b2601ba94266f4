namespace Portfolio.Api;

/// <summary>Marks the portfolio service's assembly, so a test can host it with <c>WebApplicationFactory&lt;PortfolioService&gt;</c>.</summary>
public sealed class PortfolioService;

/// <summary>A coin and how much of it an owner holds, as the coins service answers.</summary>
/// <param name="Symbol">The coin, for example <c>BTC</c>.</param>
/// <param name="Amount">How much of it is held.</param>
/// <param name="PriceUsd">Its price in US dollars.</param>
public sealed record Holding(string Symbol, decimal Amount, decimal PriceUsd);

/// <summary>An exchange rate, as the rates service answers.</summary>
/// <param name="From">The currency converted from.</param>
/// <param name="To">The currency converted to.</param>
/// <param name="Value">How many <paramref name="To"/> one <paramref name="From"/> is worth.</param>
public sealed record Rate(string From, string To, decimal Value);

/// <summary>What <c>GET /portfolios/{owner}</c> answers.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Currency">The currency of <paramref name="Total"/>: EUR, or USD when no exchange rate could be had.</param>
/// <param name="Total">The value of every holding.</param>
public sealed record PortfolioValue(string Owner, string Currency, decimal Total);
