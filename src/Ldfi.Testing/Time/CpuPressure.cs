using System.Diagnostics;
using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// How long, in all, runnable threads of this machine have had to wait for a CPU: Linux's pressure stall information
/// (<c>/proc/pressure/cpu</c>, the "some" line: time during which at least one runnable task was waiting). Where the
/// kernel does not report it, it stays 0 and nothing is discounted.
/// </summary>
internal static class CpuPressure
{
    private const string PressureFile = "/proc/pressure/cpu";

    private static readonly bool Available = OperatingSystem.IsLinux() && Read() is not null;

    /// <summary>Gets the total stall time so far, in <see cref="Stopwatch"/> ticks (0 where unknown).</summary>
    public static long StalledTicks() => Available && Read() is { } microseconds ? (long)(microseconds * (Stopwatch.Frequency / 1e6)) : 0;

    private static long? Read()
    {
        try
        {
            // "some avg10=0.54 avg60=26.61 avg300=31.71 total=449589248": microseconds.
            var text = File.ReadAllText(PressureFile);
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var some = end < 0 ? text : text[..end];
            var at = some.IndexOf("total=", StringComparison.Ordinal);
            return at >= 0 && long.TryParse(some.AsSpan(at + 6), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
