using Xunit;

namespace Ldfi.Testing.Tests.Time;

/// <summary>Whose timers count: the application's and tests' own projects, never a package, the framework or the tool.</summary>
public sealed class ApplicationCodeTests
{
    [Fact]
    public void The_test_projects_are_application_code_as_the_dependency_files_say()
    {
        Assert.True(ApplicationCode.FromDependencyFiles);
        Assert.True(ApplicationCode.Contains(typeof(ApplicationCodeTests).Assembly));
    }

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(Npgsql.NpgsqlConnection))]
    [InlineData(typeof(Polly.ResiliencePipeline))]
    [InlineData(typeof(Microsoft.AspNetCore.Builder.WebApplication))]
    [InlineData(typeof(FaultExplorer))]
    public void Packages_the_framework_and_the_tool_are_libraries(Type type) =>
        Assert.False(ApplicationCode.Contains(type.Assembly));
}
