using System.Diagnostics;
using System.Globalization;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// How a service is started: <c>setsid /bin/sh -c WATCHDOG</c>, a session of its own whose shell runs the service in
/// the background and kills the whole group (<c>kill -KILL 0</c>) as soon as the watched process is gone.
/// </summary>
internal static class WatchdogCommand
{
    // Runs the command in the background and ends the whole group as soon as the watched process is gone.
    private const string Watchdog = """
        p=$1; shift
        "$@" &
        c=$!
        while kill -0 "$p" 2>/dev/null; do
          kill -0 "$c" 2>/dev/null || { wait "$c"; exit $?; }
          sleep 0.2
        done
        kill -KILL 0
        """;

    public static ProcessStartInfo Create(ProcessService service, IReadOnlyDictionary<string, string> environment, int watched)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = service.WorkingDirectory ?? Environment.CurrentDirectory,
        };

        // A POSIX shell drops variables whose names are no shell identifiers (services__inventory-replica__http__0):
        // those reach the service through env(1), as arguments, past the watchdog's shell.
        var variables = environment.Concat(service.Environment).ToList();
        var passed = variables.Where(v => !IsIdentifier(v.Key)).Select(v => $"{v.Key}={v.Value}").ToList();
        string[] command = passed.Count > 0 ? ["env", .. passed, service.FileName, .. service.Arguments] : [service.FileName, .. service.Arguments];
        foreach (var argument in (string[])["/bin/sh", "-c", Watchdog, "ldfi-watchdog", watched.ToString(CultureInfo.InvariantCulture), .. command])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in variables.Where(v => IsIdentifier(v.Key)))
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
