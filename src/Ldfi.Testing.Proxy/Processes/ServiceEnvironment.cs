namespace Ldfi.Testing.Proxy;

/// <summary>The configuration variables that point services at each other's proxies.</summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, Uri> proxies)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, address) in proxies)
        {
            // IOptions binding: Services:Payments (case-insensitive; a hyphen cannot be in a property name).
            variables[$"Services__{Pascal(name)}"] = address.ToString();

            // Aspire service discovery: services:payments:http:0, no trailing slash.
            variables[$"services__{name}__http__0"] = address.ToString().TrimEnd('/');
        }

        return variables;
    }

    internal static string Pascal(string name) =>
        string.Concat(name.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
