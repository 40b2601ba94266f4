namespace Ldfi.Testing.Proxy;

/// <summary>Counts the requests a proxy could not attribute to an experiment and keeps the first few.</summary>
internal sealed class UnattributedLog(int kept)
{
    private readonly Lock gate = new();
    private readonly List<UnattributedRequest> requests = [];
    private int count;

    public int Count => Volatile.Read(ref count);

    public IReadOnlyList<UnattributedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public void Add(UnattributedRequest request)
    {
        Interlocked.Increment(ref count);
        lock (gate)
        {
            if (requests.Count < kept)
            {
                requests.Add(request);
            }
        }
    }
}
