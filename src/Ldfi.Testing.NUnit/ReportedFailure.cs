using System.Text.RegularExpressions;
using NUnit.Framework.Interfaces;

namespace Ldfi.Testing.NUnit;

/// <summary>
/// Turns an experiment's NUnit result back into the exception the test failed with, by the type NUnit reported: an
/// assertion failure is an <c>NUnit.Framework.AssertionException</c> (<c>MultipleAssertException</c> for several in
/// <c>Assert.Multiple</c>), and any other exception is named in the first line NUnit wrote for it (<c>Type : message</c>);
/// NUnit keeps no exception object in its result, so its text is what there is.
/// </summary>
internal static partial class ReportedFailure
{
    public static FaultToleranceException From(ITestResult result)
    {
        var message = result.Message ?? string.Empty;
        if (result.ResultState.Label == ResultState.Error.Label && TypePrefix().Match(message) is { Success: true } match)
        {
            return new FaultToleranceException(match.Groups["type"].Value, message[match.Length..].Trim(), result.StackTrace, null);
        }

        if (result.ResultState.Label.Length > 0)
        {
            // Cancelled, Invalid, or an error NUnit described without naming a type: nothing more to say than its message.
            return new FaultToleranceException(message, result.StackTrace);
        }

        var type = result.AssertionResults.Count(a => a.Status == AssertionStatus.Failed) > 1 ? "NUnit.Framework.MultipleAssertException" : "NUnit.Framework.AssertionException";
        return new FaultToleranceException(type, message.Trim(), result.StackTrace, null);
    }

    // NUnit's ExceptionHelper.BuildMessage: "System.InvalidOperationException : the message".
    [GeneratedRegex(@"\A(?<type>[\w.+`\[\],]+) : ", RegexOptions.CultureInvariant)]
    private static partial Regex TypePrefix();
}
