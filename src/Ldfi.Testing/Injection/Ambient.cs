namespace Ldfi.Testing;

/// <summary>The experiment and parent call of the code running now, flowing with the async context.</summary>
internal static class Ambient
{
    private static readonly AsyncLocal<Frame?> Current = new();

    public static Frame? Value => Current.Value is { } f && !f.Run.Ended.IsCancellationRequested ? f : null;

    public static IDisposable Enter(RunContext run, CallRecord? parent)
    {
        var previous = Current.Value;
        Current.Value = new Frame(run, parent);
        return new Restore(previous);
    }

    internal sealed record Frame(RunContext Run, CallRecord? Parent);

    private sealed class Restore(Frame? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
