namespace Ldfi.Testing;

/// <summary>Chooses the next fault set to run from the lineage model, or none when the search ran dry.</summary>
internal interface IFaultSetPlanner
{
    /// <summary>Gets the time spent choosing so far.</summary>
    TimeSpan Elapsed { get; }

    /// <summary>The next fault set to run; the same as <c>Next([])</c>. Asking twice without teaching the model anything gives the same set.</summary>
    FaultSet? Next();

    /// <summary>
    /// The set <see cref="Next()"/> would choose if the <paramref name="excluded"/> sets (matched by key) were not
    /// candidates: with Next([]), Next([s1]), Next([s1, s2])… a caller lists the sets that would come next if the
    /// earlier ones passed without teaching anything. The exclusion lasts for this call only.
    /// </summary>
    FaultSet? Next(IReadOnlyCollection<FaultSet> excluded);

    static IFaultSetPlanner Create(LineageModel model) => model.Options.Strategy == ExplorationStrategy.Exhaustive
        ? new ExhaustivePlanner(model)
        : new CpSatPlanner(model);
}
