using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;
using Ldfi.Testing.Benchmarks;

// dotnet run -c Release --project tests/Ldfi.Testing.Benchmarks [-- --output docs/benchmarks.md] [--systems N] [--only catalog,scaling,differential,exploration,runcost,realtimers,alone,parallelism,checks,grpc,database,proxy] [--bdn] [--no-real-time]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchmarkOptions.Parse(args);
if (options.Bdn)
{
    // BenchmarkDotNet's own statistics for one solve: runs for a minute or two, so only on request.
    BenchmarkRunner.Run<SolveBenchmark>(SolveBenchmark.Config());
    return;
}

var report = new StringBuilder();
report.AppendLine("# Benchmarks").AppendLine()
    .AppendLine("Measured by `dotnet run -c Release --project tests/Ldfi.Testing.Benchmarks` (the tables below are its output).").AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at start {Machine.LoadAverage()}. ")
    .AppendLine(CultureInfo.InvariantCulture, $"Run at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
Console.Write(report);

if (options.Runs("catalog"))
{
    Console.Write(Section(report, await CatalogBenchmark.RunAsync()));
}

if (options.Runs("scaling"))
{
    Console.Write(Section(report, SolverScaling.Run()));
}

if (options.Runs("differential"))
{
    Console.Write(Section(report, await DifferentialSummary.RunAsync(options.Systems)));
}

if (options.Runs("exploration"))
{
    Console.Write(Section(report, await ExplorationBenchmark.RunAsync(options.RealTime)));
}

if (options.Runs("runcost"))
{
    Console.Write(Section(report, await RunCostBenchmark.RunAsync()));
}

if (options.Runs("parallelism"))
{
    Console.Write(Section(report, await ParallelismBenchmark.RunAsync()));
}

if (options.Runs("realtimers"))
{
    Console.Write(Section(report, await RealTimerBenchmark.RunAsync()));
}

if (options.Runs("checks"))
{
    Console.Write(Section(report, await ParallelChecksBenchmark.RunAsync()));
}

if (options.Runs("alone"))
{
    Console.Write(Section(report, await ApplicationAlone.RunAsync()));
}

if (options.Runs("database"))
{
    Console.Write(Section(report, await DatabaseBenchmark.RunAsync()));
}

if (options.Runs("grpc"))
{
    Console.Write(Section(report, await GrpcBenchmark.RunAsync()));
}

if (options.Runs("proxy"))
{
    Console.Write(Section(report, await ProxyBenchmark.RunAsync()));
}

if (options.Output is { } path)
{
    await File.WriteAllTextAsync(path, report.ToString());
    Console.WriteLine($"Written to {path}.");
}

static string Section(StringBuilder report, string text)
{
    report.Append(text);
    return text;
}
