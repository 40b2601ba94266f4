using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit.Tests;

/// <summary>Runs one fixture method through the real <see cref="FaultTolerantDiscoverer"/> and test case, capturing the runner's messages.</summary>
internal static class Harness
{
    public static async Task<Messages> RunAsync<TClass>(string methodName)
    {
        var assembly = new TestAssembly(new ReflectionAssemblyInfo(typeof(TClass).Assembly));
        var testClass = new TestClass(new TestCollection(assembly, null, "fixtures"), new ReflectionTypeInfo(typeof(TClass)));
        var method = typeof(TClass).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)!;
        var testMethod = new TestMethod(testClass, new ReflectionMethodInfo(method));
        var attribute = new ReflectionAttributeInfo(method.GetCustomAttributesData().Single(a => a.AttributeType == typeof(FaultTolerantAttribute)));
        var sink = new NullMessageSink();
        var testCase = Assert.Single(new FaultTolerantDiscoverer(sink).Discover(new Options(), testMethod, attribute));
        var messages = new Messages();
        using var cts = new CancellationTokenSource();
        await testCase.RunAsync(sink, messages, [], new ExceptionAggregator(), cts);
        return messages;
    }

    private sealed class Options : ITestFrameworkDiscoveryOptions
    {
        private readonly Dictionary<string, object?> values = [];

        public TValue GetValue<TValue>(string name) => values.TryGetValue(name, out var v) ? (TValue)v! : default!;

        public void SetValue<TValue>(string name, TValue value) => values[name] = value;
    }

    internal sealed class Messages : IMessageBus
    {
        public List<IMessageSinkMessage> All { get; } = [];

        public IEnumerable<T> Of<T>() => All.OfType<T>();

        public bool QueueMessage(IMessageSinkMessage message)
        {
            lock (All)
            {
                All.Add(message);
            }

            return true;
        }

        public void Dispose()
        {
        }
    }
}
