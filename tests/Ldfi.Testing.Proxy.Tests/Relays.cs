using System.Net.Http.Json;
using System.Text.Json;

namespace Ldfi.Testing.Proxy.Tests;

/// <summary>Node.js relay services (Services/relay.js) started as processes behind fault proxies.</summary>
internal static class Relays
{
    public static ProcessService Relay(string name, int timeoutMs = 2000, bool dropBaggage = false)
    {
        var service = new ProcessService(name, "node", Path.Combine(AppContext.BaseDirectory, "Services", "relay.js")) { HealthPath = "/health" };
        service.Environment["TIMEOUT_MS"] = timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (dropBaggage)
        {
            service.Environment["DROP_BAGGAGE"] = "1";
        }

        return service;
    }

    public static async Task<ProcessHost> StartAsync(params ProcessService[] services)
    {
        var host = new ProcessHost();
        foreach (var service in services)
        {
            host.Add(service);
        }

        await host.StartAsync();
        return host;
    }

    /// <summary>What the relay answered for a call it made: <c>200</c>, <c>503</c>, <c>timeout</c> or <c>unreachable</c>.</summary>
    public static async Task<string> CallAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return answer.TryGetProperty("status", out var status) ? status.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : answer.GetProperty("error").GetString()!;
    }

    public static async Task<int> CountAsync(HttpClient client)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>("count");
        return answer.GetProperty("count").GetInt32();
    }
}
