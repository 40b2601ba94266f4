namespace Ldfi.Testing;

/// <summary>
/// Whether any thread of this process is running or waiting for a CPU, besides the caller's: the strongest sign that
/// a run is still making progress although no boundary call or timer shows it (a JIT, a pipeline being built, a
/// thread descheduled on a busy machine). On Linux every thread's state is read from <c>/proc/self/task</c>; elsewhere
/// the process's CPU time over the settle period stands in for it.
/// </summary>
internal static class ProcessActivity
{
    private static readonly bool HasProc = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task");

    /// <summary>Starts a measurement: returns the process CPU time now.</summary>
    public static TimeSpan Mark() => Environment.CpuUsage.TotalTime;

    /// <summary>
    /// Tells whether <paramref name="run"/> may still be working: one of its threads is running or runnable (Linux), or
    /// the process did work since <paramref name="mark"/>, taken <paramref name="elapsed"/> ago.
    /// </summary>
    public static bool Busy(RunThreads run, TimeSpan mark, TimeSpan elapsed) =>
        RunThreads.IsKnown ? run.AnyRunnable() : HasProc ? OtherThreadRunnable() : Environment.CpuUsage.TotalTime - mark > elapsed / 2;

    private static bool OtherThreadRunnable()
    {
        try
        {
            var self = Path.GetFileName(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? string.Empty);
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (Path.GetFileName(task) == self)
                {
                    continue;
                }

                // "tid (name) S ...": the state follows the last ')', as a thread's name may contain one.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var end = stat.LastIndexOf(')');
                if (end > 0 && end + 2 < stat.Length && stat[end + 2] == 'R')
                {
                    return true;
                }
            }

            return false;
        }
        catch (IOException)
        {
            // A thread ended while it was read: it was active.
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
