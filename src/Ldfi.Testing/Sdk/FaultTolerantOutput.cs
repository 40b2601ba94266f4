using System.Text;

namespace Ldfi.Testing.Sdk;

/// <summary>
/// A <c>[FaultTolerant]</c> test's output: keeps every line (experiments that run at once may write at the same time)
/// and passes each on as it comes, for a framework that shows progress live and attaches the whole output to the result.
/// </summary>
public sealed class FaultTolerantOutput
{
    private readonly StringBuilder text = new();
    private readonly Action<string>? forward;

    /// <summary>Initializes a new instance of the <see cref="FaultTolerantOutput"/> class.</summary>
    /// <param name="forward">Receives each line as it is written (the framework's live output); may be null.</param>
    public FaultTolerantOutput(Action<string>? forward) => this.forward = forward;

    /// <summary>Writes one line; pass this method as <see cref="FaultTolerantRunner.RunAsync"/>'s <c>log</c>.</summary>
    /// <param name="line">The line, without its line break.</param>
    public void WriteLine(string line)
    {
        lock (text)
        {
            text.AppendLine(line);
        }

        forward?.Invoke(line);
    }

    /// <summary>Gets every line written so far, each followed by a line break.</summary>
    /// <returns>The whole output.</returns>
    public override string ToString()
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
