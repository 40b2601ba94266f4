namespace Ldfi.Testing;

/// <summary>Chooses the next fault set to run from the lineage model, or none when the search ran dry.</summary>
internal interface IFaultSetPlanner
{
    /// <summary>Gets the time spent choosing so far.</summary>
    TimeSpan Elapsed { get; }

    FaultSet? Next();

    static IFaultSetPlanner Create(LineageModel model) => model.Options.Strategy == ExplorationStrategy.Exhaustive
        ? new ExhaustivePlanner(model)
        : new CpSatPlanner(model);
}
