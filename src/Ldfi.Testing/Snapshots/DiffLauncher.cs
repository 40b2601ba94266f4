using System.Reflection;

namespace Ldfi.Testing;

/// <summary>
/// Opens the received and verified snapshots in a diff tool through DiffEngine, when the test process can load it
/// (the test project references the DiffEngine package). Found by reflection so the library does not depend on it;
/// best effort: any failure is ignored, a mismatch is reported in the message anyway.
/// </summary>
internal static class DiffLauncher
{
    public static void TryLaunch(string received, string verified)
    {
        try
        {
            var runner = Type.GetType("DiffEngine.DiffRunner, DiffEngine", throwOnError: false);
            if (runner is null || runner.GetProperty("Disabled", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is true)
            {
                return;
            }

            var detector = Type.GetType("DiffEngine.BuildServerDetector, DiffEngine", throwOnError: false);
            if (detector?.GetProperty("Detected", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is true)
            {
                return;
            }

            var launch = runner.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.Name == "Launch")
                .Select(m => (Method: m, Parameters: m.GetParameters()))
                .Where(m => m.Parameters.Length >= 2 && m.Parameters[0].ParameterType == typeof(string) && m.Parameters[1].ParameterType == typeof(string)
                    && m.Parameters.Skip(2).All(p => p.HasDefaultValue))
                .OrderBy(m => m.Parameters.Length)
                .FirstOrDefault();
            if (launch.Method is null)
            {
                return;
            }

            object?[] arguments = [received, verified, .. launch.Parameters.Skip(2).Select(p => p.DefaultValue)];
            launch.Method.Invoke(null, arguments);
        }
#pragma warning disable CA1031 // Launching a diff tool is a convenience; its failure must not change the test's result.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
