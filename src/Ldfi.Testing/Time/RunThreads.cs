using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ldfi.Testing;

/// <summary>
/// The threads executing a run's code right now: a thread enters when it starts running under the run's execution
/// context (a continuation, a callee's request) and leaves when it switches away (<see cref="Ambient"/> sees every
/// switch), so other runs and tests never hold up this run's clock, however busy the process is. Every entry is
/// counted (<see cref="Entries"/>): queued work of the run shows up as an entry when it starts. On Linux a thread's
/// state (from <c>/proc</c>) tells running from blocked; elsewhere the process's CPU time stands in.
/// </summary>
internal sealed partial class RunThreads
{
    private static readonly bool Supported = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task") && TryTid() > 0;

    /// <summary>Gets a value indicating whether a thread's state (running or blocked) can be read here (Linux).</summary>
    public static bool StatesReadable => Supported;

    [ThreadStatic]
    private static int osThreadId;

    private readonly ConcurrentDictionary<int, int> threads = new();

    private long entries;

    /// <summary>Gets how many times a thread started running the run's code.</summary>
    public long Entries => Interlocked.Read(ref entries);

    /// <summary>Gets a value indicating whether a thread is inside the run's code now (running, or blocked in a wait).</summary>
    public bool AnyInside => !threads.IsEmpty;

    public void Enter()
    {
        Interlocked.Increment(ref entries);
        threads.AddOrUpdate(Key(), 1, (_, n) => n + 1);
    }

    public void Leave()
    {
        var key = Key();
        if (threads.AddOrUpdate(key, 0, (_, n) => n - 1) <= 0)
        {
            threads.TryRemove(KeyValuePair.Create(key, 0));
        }
    }

    /// <summary>
    /// Marks the current thread as waiting on the run's clock (a synchronous boundary call held by a Delay) until the
    /// result is disposed: a thread blocked there is not work the clock should wait for.
    /// </summary>
    public IDisposable Park()
    {
        Leave();
        return new Unpark(this);
    }

    /// <summary>
    /// Tells whether a thread of the run is running or waiting for a CPU (Linux), or, elsewhere, whether one is inside
    /// the run's code while the process used more than half a CPU since <paramref name="cpuMark"/>, <paramref name="elapsed"/> ago.
    /// </summary>
    public bool AnyRunning(TimeSpan cpuMark, TimeSpan elapsed)
    {
        if (!Supported)
        {
            return AnyInside && Environment.CpuUsage.TotalTime - cpuMark > elapsed / 2;
        }

        foreach (var tid in threads.Keys)
        {
            try
            {
                // "tid (name) S ...": the state follows the last ')', as a thread's name may contain one.
                var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
                var end = stat.LastIndexOf(')');
                if (end > 0 && end + 2 < stat.Length && stat[end + 2] == 'R')
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The thread has ended.
            }
        }

        return false;
    }

    private static int Key() => Supported ? Tid() : Environment.CurrentManagedThreadId;

    private static int Tid() => osThreadId != 0 ? osThreadId : osThreadId = GetTid();

    private static int TryTid()
    {
        try
        {
            return GetTid();
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }
        catch (DllNotFoundException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    private sealed class Unpark(RunThreads owner) : IDisposable
    {
        public void Dispose() => owner.Enter();
    }
}
