using System.Reflection;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3.Tests;

/// <summary>
/// Runs one fixture method as xUnit v3 would: discovered by <see cref="FaultTolerantDiscoverer"/>, then executed by the
/// real <see cref="XunitTestAssemblyRunner"/> (collection, class and method runners included), capturing its messages.
/// </summary>
internal static class Harness
{
    public static async Task<Messages> RunAsync<TClass>(string methodName)
    {
        var assembly = new XunitTestAssembly(typeof(TClass).Assembly);
        var collection = new XunitTestCollection(assembly, null, false, "fixtures");
        var testClass = new XunitTestClass(typeof(TClass), collection);
        var method = typeof(TClass).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)!;
        var testMethod = new XunitTestMethod(testClass, method, []);
        var attribute = method.GetCustomAttribute<FaultTolerantAttribute>()!;
        var testCases = await new FaultTolerantDiscoverer().Discover(new Options(), testMethod, attribute);
        var messages = new Messages();
        await XunitTestAssemblyRunner.Instance.Run(assembly, [.. testCases], messages, new Options(), TestContext.Current.CancellationToken);
        return messages;
    }

    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> values = [];

        public TValue? GetValue<TValue>(string name) => values.TryGetValue(name, out var value) ? (TValue?)value : default;

        public void SetValue<TValue>(string name, TValue value) => values[name] = value;

        public string ToJson() => "{}";
    }

    internal sealed class Messages : IMessageSink
    {
        public List<IMessageSinkMessage> All { get; } = [];

        public IEnumerable<T> Of<T>() => All.OfType<T>();

        public bool OnMessage(IMessageSinkMessage message)
        {
            lock (All)
            {
                All.Add(message);
            }

            return true;
        }
    }
}
