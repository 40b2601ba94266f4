using System.Text.Json;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Shop.NUnitTests;

/// <summary>
/// Runs the shop's <c>[FaultTolerant]</c> tests in process through NUnit's runner and checks the verdicts the xUnit v2
/// tests (Shop.Tests) and the xUnit v3 tests (Shop.XunitV3Tests) reach: the same adapter-independent answer.
/// Not in the Demo category, so CI proves the red demo test is red for the right reason.
/// </summary>
[NonParallelizable] // the Harness points LDFI_RESULTS_DIR at a directory of its own for the nested run
public sealed class CrossAdapterTests
{
    [Test]
    public async Task The_demo_checkout_test_fails_with_the_late_charge_response_as_its_only_minimal_fault_set()
    {
        var run = await Harness.RunAsync<CheckoutTests>(nameof(CheckoutTests.Customer_is_charged_at_most_once));

        Assert.That(run.Result.ResultState, Is.EqualTo(ResultState.Failure), run.Result.Message);
        Assert.That(run.Result.Message, Does.Contain("Failed: {Delay on orders → payments POST /charges #1} breaks the test"));
        Assert.That(run.Result.Message, Does.Contain("The customer was charged 2 times"));
        Assert.That(run.Report.GetProperty("verdict").GetString(), Is.EqualTo("Failed"));
        var set = run.Report.GetProperty("failingFaultSets").EnumerateArray().Single().EnumerateArray().ToList();
        Assert.That(set.Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("site").GetString())), Is.EqualTo(new[]
        {
            ("Delay", "gateway>orders POST /orders#1 | orders>payments POST /charges#1"),
        }));
        TestContext.Out.WriteLine(run.Report.GetProperty("summary").GetString());
    }

    [Test]
    public async Task The_product_page_test_passes_tolerant_up_to_two_faults()
    {
        var run = await Harness.RunAsync<ProductPageTests>(nameof(ProductPageTests.Product_page_answers_with_whatever_is_still_reachable));

        Assert.That(run.Result.ResultState, Is.EqualTo(ResultState.Success), run.Result.Message);
        Assert.That(run.Result.Output, Does.Contain("Tolerant up to 2 faults"));
        Assert.That(run.Report.GetProperty("verdict").GetString(), Is.EqualTo("Tolerant"));
        Assert.That(run.Report.GetProperty("failingFaultSets").GetArrayLength(), Is.Zero);
        Assert.That(run.Report.GetProperty("callSites").EnumerateArray().Select(s => s.GetProperty("caller").GetString()), Is.All.EqualTo("gateway"));
        TestContext.Out.WriteLine(run.Report.GetProperty("summary").GetString());
    }
}
