using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// The process groups the hosts of this process started: each service runs in a session of its own (<c>setsid</c>), so
/// one signal to the group ends it with everything it spawned (<c>dotnet run</c> starts the app as a child). When the
/// test process exits, every group still alive is killed; when it dies without exiting, each service's watchdog does it.
/// </summary>
internal static partial class ProcessGroups
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private static readonly ConcurrentDictionary<int, byte> Live = new();

    static ProcessGroups() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(int group) => Live[group] = 0;

    public static void Forget(int group) => Live.TryRemove(group, out _);

    /// <summary>Signals every process of the group; false when none is left.</summary>
    public static bool Signal(int group, int signal) => Kill(-group, signal) == 0;

    public static void KillAll()
    {
        foreach (var group in Live.Keys)
        {
            Signal(group, SigKill);
            Forget(group);
        }
    }

    /// <summary>The ids of the processes of a group still alive (from <c>/proc</c>).</summary>
    public static IReadOnlyList<int> Members(int group)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid pgrp ...": the fields after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z")
                {
                    members.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process has ended meanwhile.
            }
        }

        return members;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
