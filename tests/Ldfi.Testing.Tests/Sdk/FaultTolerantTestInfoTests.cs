using System.Reflection;
using Ldfi.Testing.Sdk;
using Xunit;

namespace Ldfi.Testing.Tests.Sdk;

/// <summary>The one description of a test method every adapter builds: class, method and source file.</summary>
public class FaultTolerantTestInfoTests
{
    private static readonly MethodInfo Inherited = typeof(Derived).GetMethod(nameof(Base.Checkout))!;

    [Fact]
    public void A_method_is_named_after_the_class_that_declares_it()
    {
        var info = FaultTolerantTestInfo.FromMethod("Shop.Checkout", Inherited, "/src/Shop/Base.cs");

        Assert.Equal(new FaultTolerantTestInfo("Shop.Checkout", nameof(Base), nameof(Base.Checkout), "/src/Shop/Base.cs"), info);
    }

    [Fact]
    public void A_framework_that_runs_it_in_a_derived_fixture_names_that_fixture()
    {
        var info = FaultTolerantTestInfo.FromMethod("Shop.Checkout", typeof(Derived), Inherited, null);

        Assert.Equal(nameof(Derived), info.ClassName);
    }

    [Fact]
    public void An_unfilled_caller_file_path_is_unknown() =>
        Assert.Null(FaultTolerantTestInfo.FromMethod("Shop.Checkout", Inherited, string.Empty).SourceFilePath);

    private class Base
    {
        public void Checkout()
        {
        }
    }

    private sealed class Derived : Base;
}
