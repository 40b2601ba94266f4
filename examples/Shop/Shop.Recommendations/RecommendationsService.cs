namespace Shop.Recommendations;

/// <summary>Marks the Recommendations service's assembly ("customers also bought").</summary>
public sealed class RecommendationsService;
