namespace Ldfi.Testing.Proxy;

/// <summary>
/// A request that reached a <see cref="FaultProxy"/> without an experiment in its baggage (or with one that has
/// ended): it was forwarded untouched and is in no call tree. During an exploration this means a caller did not
/// forward the W3C <c>baggage</c> header.
/// </summary>
/// <param name="Service">The proxied service the request was for.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Reason">Why it could not be attributed.</param>
public sealed record UnattributedRequest(string Service, string Method, string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path} to {Service} ({Reason})";
}
