namespace Ldfi.Testing;

/// <summary>
/// Parallel experiments without changing what a sequential exploration does: besides the fault set the sequential
/// order needs now, the next ones the planner would choose if it learnt nothing new are started at once. Results are
/// used only when the sequential order reaches their fault set, so the experiment sequence, the verdict and the
/// snapshots are those of a sequential run whatever the timing; a speculated set the order never reaches is discarded.
/// That holds only for runs that cannot see each other: the explorer checks every run that ran beside others against
/// what a lone run would do (<see cref="LoneRun"/>), re-runs it alone after <see cref="QuiesceAsync"/> when it did not,
/// and stops speculating once a lone re-run differed (<see cref="ParallelismFallback"/>).
/// </summary>
internal sealed class Speculation(IFaultSetPlanner planner, RunExecutor executor, int width)
{
    private readonly Dictionary<string, (FaultSet Set, Task<ExperimentRun> Run)> running = new(StringComparer.Ordinal);

    /// <summary>Gets how many speculated runs were never used.</summary>
    public int Discarded { get; private set; }

    /// <summary>Returns the run of <paramref name="head"/>, started now or earlier, after topping up the speculation.</summary>
    /// <param name="head">The fault set the sequential order needs now.</param>
    /// <param name="number">The experiment number it gets; speculated runs see the numbers they would get if the order reached them next.</param>
    /// <param name="ct">Cancels the runs.</param>
    public async Task<ExperimentRun> Take(FaultSet head, int number, CancellationToken ct)
    {
        if (running.Remove(head.Key, out var hit))
        {
            // A hit frees one place: it goes to the set that would come after the head and the sets still running.
            // One plan a step; a running set the order has stopped heading for stays until the next miss drops it.
            if (running.Count + 1 < width && planner.Next([head, .. running.Values.Select(r => r.Set)]) is { } next && !running.ContainsKey(next.Key))
            {
                running[next.Key] = (next, executor.ExecuteAsync(next, RunKind.Experiment, number + running.Count + 1, ct));
            }

            return await hit.Run.ConfigureAwait(false);
        }

        // A miss: the head and the sets the planner would choose next if the head taught nothing new; a speculated set
        // no longer among them is dropped (waited for, never used).
        var batch = new List<FaultSet> { head };
        while (batch.Count < width && planner.Next(batch) is { } more)
        {
            batch.Add(more);
        }

        var keep = batch.Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in running.Keys.Where(k => !keep.Contains(k)).Order(StringComparer.Ordinal).ToList())
        {
            var task = running[stale].Run;
            running.Remove(stale);
            Discarded++;
            await Settled(task).ConfigureAwait(false);
        }

        var mine = executor.ExecuteAsync(head, RunKind.Experiment, number, ct);
        for (var i = 1; i < batch.Count; i++)
        {
            if (!running.ContainsKey(batch[i].Key))
            {
                running[batch[i].Key] = (batch[i], executor.ExecuteAsync(batch[i], RunKind.Experiment, number + i, ct));
            }
        }

        return await mine.ConfigureAwait(false);
    }

    /// <summary>Waits until no speculated run is running (their results stay available), so that the next run is alone.</summary>
    public async Task QuiesceAsync()
    {
        foreach (var (_, task) in running.Values.ToList())
        {
            await Settled(task).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for every speculated run and drops them: the exploration is over.</summary>
    public async Task DrainAsync()
    {
        await QuiesceAsync().ConfigureAwait(false);
        Discarded += running.Count;
        running.Clear();
    }

    private static async Task Settled(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A discarded run's failure (or cancellation) is nobody's result.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
