using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ldfi.Testing;

/// <summary>
/// The threads executing a run's code right now: a thread enters when it starts running under the run's execution
/// context (a continuation, a callee's request) and leaves when it switches away (<see cref="Ambient"/> sees every
/// switch). The run is busy while one of them is running or waiting for a CPU; a thread blocked in a wait is not. Other
/// runs and tests never hold up this run's clock, however busy the process is. Linux only (thread states from
/// <c>/proc</c>); elsewhere <see cref="IsKnown"/> is false and the process's CPU time stands in.
/// </summary>
internal sealed partial class RunThreads
{
    private static readonly bool Supported = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task") && TryTid() > 0;

    [ThreadStatic]
    private static int osThreadId;

    private readonly ConcurrentDictionary<int, int> threads = new();

    /// <summary>Gets a value indicating whether threads can be told apart on this platform.</summary>
    public static bool IsKnown => Supported;

    public void Enter()
    {
        if (Supported)
        {
            threads.AddOrUpdate(Tid(), 1, (_, n) => n + 1);
        }
    }

    public void Leave()
    {
        if (Supported && threads.AddOrUpdate(Tid(), 0, (_, n) => n - 1) <= 0)
        {
            threads.TryRemove(KeyValuePair.Create(Tid(), 0));
        }
    }

    /// <summary>Tells whether a thread of the run is running or runnable.</summary>
    public bool AnyRunnable()
    {
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
}
