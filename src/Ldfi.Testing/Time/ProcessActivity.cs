namespace Ldfi.Testing;

/// <summary>
/// Whether a run may still be making progress although no boundary call or timer shows it (a JIT, a pipeline being
/// built, a thread descheduled on a busy machine): one of the run's own threads is running or waiting for a CPU
/// (<see cref="RunThreads"/>, Linux); elsewhere the process's CPU time over the settle period stands in for it.
/// </summary>
internal static class ProcessActivity
{
    /// <summary>Starts a measurement: returns the process CPU time now.</summary>
    public static TimeSpan Mark() => Environment.CpuUsage.TotalTime;

    /// <summary>
    /// Tells whether <paramref name="run"/> may still be working: one of its threads is running or runnable (Linux), or
    /// the process did work since <paramref name="mark"/>, taken <paramref name="elapsed"/> ago.
    /// </summary>
    public static bool Busy(RunThreads run, TimeSpan mark, TimeSpan elapsed) =>
        RunThreads.IsKnown ? run.AnyRunnable() : Environment.CpuUsage.TotalTime - mark > elapsed / 2;
}
