using System.Reflection;
using Ldfi.Testing.Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Portfolio.Tests;

/// <summary>
/// Runs one <c>[FaultTolerant]</c> test method in process through xUnit v2's own pipeline (the attribute's discoverer and
/// test case, a fresh test-class instance per experiment), as <c>dotnet test</c> would, with the given constructor
/// arguments (the class's fixtures), and captures the messages the runner would have shown.
/// </summary>
internal static class Harness
{
    public static async Task<Messages> RunAsync<TClass>(string methodName, params object[] constructorArguments)
    {
        var assembly = new TestAssembly(new ReflectionAssemblyInfo(typeof(TClass).Assembly));
        var testClass = new TestClass(new TestCollection(assembly, null, "nested"), new ReflectionTypeInfo(typeof(TClass)));
        var method = typeof(TClass).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)!;
        var attribute = new ReflectionAttributeInfo(method.GetCustomAttributesData().Single(a => a.AttributeType == typeof(FaultTolerantAttribute)));
        var sink = new NullMessageSink();
        var testCase = Assert.Single(new FaultTolerantDiscoverer(sink).Discover(new Options(), new TestMethod(testClass, new ReflectionMethodInfo(method)), attribute));
        var messages = new Messages();
        using var cancellation = new CancellationTokenSource();
        await testCase.RunAsync(sink, messages, constructorArguments, new ExceptionAggregator(), cancellation);
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
        private readonly List<IMessageSinkMessage> all = [];

        public IEnumerable<T> Of<T>()
        {
            lock (all)
            {
                return [.. all.OfType<T>()];
            }
        }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            lock (all)
            {
                all.Add(message);
            }

            return true;
        }

        public void Dispose()
        {
        }
    }
}
