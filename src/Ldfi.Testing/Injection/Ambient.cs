namespace Ldfi.Testing;

/// <summary>The experiment and parent call of the code running now, flowing with the async context.</summary>
internal static class Ambient
{
    // Every switch of a thread into or out of a run's context is counted, so the run knows which threads run its code.
    private static readonly AsyncLocal<Frame?> Current = new(OnChanged);

    public static Frame? Value => Current.Value is { } f && !f.Run.Ended.IsCancellationRequested ? f : null;

    public static IDisposable Enter(RunContext run, CallRecord? parent, string? service = null)
    {
        var previous = Current.Value;
        Current.Value = new Frame(run, parent, service ?? parent?.Site.Callee);
        return new Restore(previous);
    }

    /// <summary>The run, the call being served (null in the test body and the first service), and the service serving it, where known.</summary>
    internal sealed record Frame(RunContext Run, CallRecord? Parent, string? Service);

    private static void OnChanged(AsyncLocalValueChangedArgs<Frame?> change)
    {
        var before = change.PreviousValue?.Run;
        var after = change.CurrentValue?.Run;
        if (!ReferenceEquals(before, after))
        {
            before?.Threads.Leave();
            after?.Threads.Enter();
        }
    }

    private sealed class Restore(Frame? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
