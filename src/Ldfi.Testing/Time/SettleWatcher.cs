using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ldfi.Testing;

/// <summary>
/// Tells whether a run stayed quiet long enough to move its clock: no boundary event or timer change
/// (<see cref="VirtualClock.Version"/>), no thread starting the run's code (<see cref="RunThreads.Entries"/>) and none of
/// its threads running. Work the run queued but no thread has started yet is ruled out by the thread pool's queue: empty,
/// or turned over twice since the check began without any of it entering the run. Only this run's own activity counts,
/// so parallel runs and tests, however busy, make a check longer, never fail it for good. A garbage collection during a
/// check restarts its looks and its pauses do not count as quiet time: it suspends every thread, so a run's threads would
/// look blocked on the clock while they are only stopped. For the same reason a blocked thread's wait counts less while
/// the machine's runnable threads queue for a CPU (<see cref="CpuPressure"/>).
/// </summary>
/// <remarks>
/// One instance per run (it knows the run's threads); the looks are shared: one dedicated thread looks at every pending check every <see cref="LookMicroseconds"/> µs (a sub-millisecond sleep on
/// Linux and macOS), so a check costs a fraction of a millisecond instead of the timer queue's millisecond-or-more per
/// look, which under load was most of an experiment's cost; it never takes a thread-pool thread from the runs.
/// </remarks>
internal sealed partial class SettleWatcher(RunThreads threads) : ISettleDetector
{
    /// <summary>The pause between two looks, where the OS can sleep that briefly.</summary>
    private const int LookMicroseconds = 40;

    /// <summary>prctl's PR_SET_TIMERSLACK.</summary>
    private const int SetTimerSlackOption = 29;

    /// <summary>
    /// How long a run must stay quiet: several looks, long enough for a thread that has just taken the run's work from
    /// the queue to enter the run's context. Where no thread state is readable (not Linux), the CPU-time fallback needs
    /// a longer window to mean anything.
    /// </summary>
    private static readonly long QuietTicks = Ticks(RunThreads.StatesReadable ? 0.15 : 1.0);

    /// <summary>
    /// How long a thread blocked inside the run's code (a lock, a synchronous wait) must stay blocked, with nothing else
    /// happening, before the run counts as waiting on its clock: long enough for a lock holder descheduled on a busy
    /// machine to get a CPU back, paid only by runs that block a thread. Counted in quiet time: without collections and,
    /// on Linux, without the time runnable threads waited for a CPU (at least a fifth of it counts).
    /// </summary>
    private static readonly long BlockedTicks = Ticks(25);

    /// <summary>How long one check may look before the driver inspects the run afresh.</summary>
    private static readonly long MaxTicks = Ticks(250);

    private static readonly ConcurrentQueue<Check> Incoming = new();
    // Set when a check arrives; reset by the thread before it takes the arrivals, so none is missed and, unlike a
    // counting semaphore, a burst of checks leaves no count behind to spin through.
    private static readonly ManualResetEventSlim Wake = new(initialState: false, spinCount: 0);
    private static readonly bool CanSleepBriefly = !OperatingSystem.IsWindows() && TryMicroSleep();
    private static int started;

    /// <inheritdoc />
    public Task<bool> WaitAsync(IDrivenClock clock, Task body)
    {
        var check = new Check(clock, threads, body);
        Incoming.Enqueue(check);
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            new Thread(Loop) { IsBackground = true, Name = "Ldfi.Testing settle watcher" }.Start();
        }

        Wake.Set();
        return check.Done.Task;
    }

    private static void Loop()
    {
        PreciseSleeps();
        var active = new List<Check>();
        while (true)
        {
            if (active.Count == 0)
            {
                Wake.Wait();
            }

            Wake.Reset();
            while (Incoming.TryDequeue(out var check))
            {
                active.Add(check);
            }

            Sleep();
            active.RemoveAll(c => c.Look() is { } settled && c.Done.TrySetResult(settled));
        }
    }

    private static void Sleep()
    {
        if (CanSleepBriefly)
        {
            _ = MicroSleep(LookMicroseconds);
        }
        else
        {
            Thread.Sleep(1);
        }
    }

    // Linux lets a sleep run up to 50 µs long by default (the thread's timer slack), which made each 40 µs look take
    // about 130 µs and a settled check about 0.3 ms; 1 ns of slack brings the look to about 70 µs. Only this thread.
    private static void PreciseSleeps()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetTimerSlack(SetTimerSlackOption, 1, 0, 0, 0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // The default slack stays: looks are longer, nothing else changes.
        }
    }

    // A collection suspends every thread of the run: blocked, they look like threads waiting on the clock, and under
    // allocation pressure a few back-to-back pauses outlast BlockedTicks (once in ~330 explorations, six at once, beside an
    // allocating neighbour). Gen 0 counts every blocking collection; gen 2 a background one too.
    private static long Collections() => GC.CollectionCount(0) + GC.CollectionCount(2);

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static bool TryMicroSleep()
    {
        try
        {
            return MicroSleep(1) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetTimerSlack(int option, nuint slackNanoseconds, nuint unused3, nuint unused4, nuint unused5);

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int MicroSleep(uint microseconds);

    private sealed class Check(IDrivenClock clock, RunThreads threads, Task body)
    {
        private readonly long version = clock.Version;
        private readonly long entries = threads.Entries;
        private readonly long completed = ThreadPool.CompletedWorkItemCount;
        private readonly long pending = ThreadPool.PendingWorkItemCount;
        // Only the fallback without thread states reads the process's CPU time (a system call per check).
        private readonly TimeSpan cpu = RunThreads.StatesReadable ? TimeSpan.Zero : Environment.CpuUsage.TotalTime;
        private readonly long start = Stopwatch.GetTimestamp();
        private long lastLook = Stopwatch.GetTimestamp();
        private TimeSpan lastPaused = GC.GetTotalPauseDuration();
        private long lastStalled = -1;
        private long collections = Collections();
        private long quiet;
        private long blockedQuiet;
        private int looks;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Looks once: true when settled, false when the run was not quiet, null to look again.</summary>
        public bool? Look()
        {
            looks++;
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (body.IsCompleted || clock.Version != version || threads.Entries != entries || threads.AnyRunning(cpu, Stopwatch.GetElapsedTime(start)))
            {
                return false;
            }

            // Read after the thread states: a collection that suspended the run's threads while they were read has
            // started by now. Its states prove nothing, so two more looks are needed, and its pauses are not quiet time.
            if (Collections() is var count && count != collections)
            {
                (collections, looks) = (count, 0);
            }

            Accrue();
            var drained = ThreadPool.PendingWorkItemCount == 0 || ThreadPool.CompletedWorkItemCount - completed > (2 * pending) + 1;
            if (drained && looks >= 2 && quiet >= QuietTicks && (!threads.AnyInside || blockedQuiet >= BlockedTicks))
            {
                return true;
            }

            return elapsed >= MaxTicks ? false : null;
        }

        // Quiet time since the last look: real time less the collections' pauses. A blocked thread's also less the time
        // runnable threads waited for a CPU (at least a fifth counts, so a run blocked on its clock still settles on a
        // saturated machine): what it waits for (a lock, an allocation, a suspension of the runtime) may be held by a
        // thread that is only waiting for a CPU.
        private void Accrue()
        {
            var now = Stopwatch.GetTimestamp();
            var paused = GC.GetTotalPauseDuration();
            var free = Math.Max(0, now - lastLook - (long)((paused - lastPaused).TotalSeconds * Stopwatch.Frequency));
            (lastLook, lastPaused) = (now, paused);
            quiet += free;
            if (!threads.AnyInside)
            {
                return;
            }

            var stalled = CpuPressure.StalledTicks();
            blockedQuiet += lastStalled < 0 ? 0 : Math.Max(free - (stalled - lastStalled), free / 5);
            lastStalled = stalled;
        }
    }
}
