namespace Ldfi.Testing.TestSystems;

/// <summary>Small systems whose services call each other through the core boundary primitive (no HTTP).</summary>
internal static class Systems
{
    /// <summary>A calls P; on any failure it answers from S.</summary>
    public static async Task<string> PrimaryBackupAsync()
    {
        try
        {
            return await Boundary.InvokeAsync("a", "primary", "GET /x", _ => Task.FromResult("p"));
        }
        catch (Exception ex) when (ex is InjectedFaultException)
        {
            return await Boundary.InvokeAsync("a", "secondary", "GET /x", _ => Task.FromResult("s"));
        }
    }

    /// <summary>A calls B and answers "unknown" when B fails: the caller's assertion sees the degraded answer.</summary>
    public static async Task<string> WithDefaultAsync()
    {
        try
        {
            return await Boundary.InvokeAsync("a", "b", "GET /price", _ => Task.FromResult("42"));
        }
        catch (InjectedFaultException)
        {
            return "unknown";
        }
    }

    /// <summary>A calls B and does not handle its failure.</summary>
    public static Task<string> SingleAsync() => Boundary.InvokeAsync("a", "b", "GET /y", _ => Task.FromResult("b"));

    /// <summary>A calls B and waits for the answer with no timeout: a held response hangs it.</summary>
    public static async Task HangingAsync()
    {
        await Boundary.InvokeAsync("a", "slow", "GET /z", _ => Task.FromResult(1));
    }

    /// <summary>A reads three replicas and needs two answers.</summary>
    public static async Task<int> QuorumAsync()
    {
        var answers = 0;
        foreach (var replica in new[] { "r1", "r2", "r3" })
        {
            try
            {
                answers += await Boundary.InvokeAsync("a", replica, "GET /v", _ => Task.FromResult(1));
            }
            catch (InjectedFaultException)
            {
            }
        }

        return answers >= 2 ? answers : throw new InvalidOperationException($"no quorum: {answers} of 3 replicas answered");
    }

    /// <summary>A calls B over an HTTP-like boundary (Status faults apply) and fails on any fault.</summary>
    public static Task<int> HttpLikeAsync()
    {
        var call = FaultInjection.BeginCall("a", "b", "GET /status");
        if (call?.Fault is { } fault)
        {
            throw new InjectedFaultException(fault);
        }

        call?.Complete(true);
        return Task.FromResult(1);
    }
}
