namespace Ldfi.Testing;

/// <summary>
/// Runs a test body once without faults, then again and again under the smallest fault sets not yet
/// covered by a passing run, until none is left (<see cref="Verdict.Tolerant"/>) or one breaks the test
/// (<see cref="Verdict.Failed"/>).
/// </summary>
public static class FaultExplorer
{
    /// <summary>Explores the fault sets of <paramref name="test"/>.</summary>
    /// <param name="test">The test body. It is run many times; each run must set up its own state. The token is cancelled at the run's deadline.</param>
    /// <param name="options">The bounds; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole exploration.</param>
    /// <returns>The verdict, the failing fault sets and every run.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its allowed range; the message names it.</exception>
    public static Task<ExplorationResult> ExploreAsync(Func<CancellationToken, Task> test, ExplorationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        options ??= new ExplorationOptions();
        options.Validate();
        return new Explorer(test, options).RunAsync(cancellationToken);
    }
}
