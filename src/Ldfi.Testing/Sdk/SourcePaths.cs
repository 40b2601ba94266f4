namespace Ldfi.Testing.Sdk;

/// <summary>Finds a test's source folder even when a deterministic CI build mapped source paths to <c>/_/</c>.</summary>
internal static class SourcePaths
{
    public static string? Directory(string? sourceFile)
    {
        if (string.IsNullOrEmpty(sourceFile))
        {
            return null;
        }

        if (File.Exists(sourceFile))
        {
            return Path.GetDirectoryName(sourceFile);
        }

        var mapped = sourceFile.Replace('\\', '/');
        if (!mapped.StartsWith("/_/", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = mapped[3..];
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate);
            }
        }

        return null;
    }

    /// <summary>The folder of the project that holds <paramref name="sourceDirectory"/> (the nearest with a *.csproj).</summary>
    public static string? ProjectDirectory(string? sourceDirectory)
    {
        for (var dir = sourceDirectory is null ? null : new DirectoryInfo(sourceDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
