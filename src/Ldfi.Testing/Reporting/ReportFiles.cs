namespace Ldfi.Testing;

/// <summary>The files <see cref="ReportWriter.Write"/> wrote.</summary>
/// <param name="JsonPath">The full path of the JSON report.</param>
/// <param name="MarkdownPath">The full path of the Markdown report.</param>
/// <param name="StepSummaryPath">The full path of the job summary the Markdown was appended to, or <see langword="null"/>.</param>
public sealed record ReportFiles(string JsonPath, string MarkdownPath, string? StepSummaryPath);
