using System.Text.Json;
using Ldfi.Testing;
using Ldfi.Testing.XunitV3;
using Xunit.Sdk;

namespace Shop.XunitV3Tests;

/// <summary>
/// Runs the shop's <c>[FaultTolerant]</c> tests in process through xUnit v3's runner and checks the verdicts the xUnit v2
/// tests (Shop.Tests) and the NUnit tests (Shop.NUnitTests) reach: the same adapter-independent answer.
/// Not in the Demo category, so CI proves the red demo test is red for the right reason.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class CrossAdapterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_demo_checkout_test_fails_with_the_late_charge_response_as_its_only_minimal_fault_set()
    {
        var run = await Harness.RunAsync<CheckoutTests>(nameof(CheckoutTests.Customer_is_charged_at_most_once));

        Assert.Empty(run.Messages.Of<ITestPassed>());
        var failed = Assert.Single(run.Messages.Of<ITestFailed>());
        Assert.Equal(typeof(FaultToleranceException).FullName, failed.ExceptionTypes[0]);
        Assert.Contains("Failed: {Delay on orders → payments POST /charges #1} breaks the test", failed.Messages[0], StringComparison.Ordinal);
        Assert.Contains("The customer was charged 2 times", failed.Messages[0], StringComparison.Ordinal);
        Assert.Equal("Failed", run.Report.GetProperty("verdict").GetString());
        var set = Assert.Single(run.Report.GetProperty("failingFaultSets").EnumerateArray());
        var fault = Assert.Single(set.EnumerateArray());
        Assert.Equal(
            ("Delay", "gateway>orders POST /orders#1 | orders>payments POST /charges#1"),
            (fault.GetProperty("kind").GetString(), fault.GetProperty("site").GetString()));
        output.WriteLine(run.Report.GetProperty("summary").GetString()!);
    }

    [Fact]
    public async Task The_product_page_test_passes_tolerant_up_to_two_faults()
    {
        var run = await Harness.RunAsync<ProductPageTests>(nameof(ProductPageTests.Product_page_answers_with_whatever_is_still_reachable));

        Assert.Empty(run.Messages.Of<ITestFailed>());
        var passed = Assert.Single(run.Messages.Of<ITestPassed>());
        Assert.Contains("Tolerant up to 2 faults", passed.Output, StringComparison.Ordinal);
        Assert.Equal("Tolerant", run.Report.GetProperty("verdict").GetString());
        Assert.Empty(run.Report.GetProperty("failingFaultSets").EnumerateArray());
        Assert.All(run.Report.GetProperty("callSites").EnumerateArray(), s => Assert.Equal("gateway", s.GetProperty("caller").GetString()));
        output.WriteLine(run.Report.GetProperty("summary").GetString()!);
    }
}
