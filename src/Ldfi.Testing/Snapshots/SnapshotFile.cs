using System.Text;

namespace Ldfi.Testing;

/// <summary>Snapshot file I/O: UTF-8 without BOM, LF line endings, one trailing newline.</summary>
internal static class SnapshotFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Normalize(string text)
    {
        var lf = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return lf.TrimEnd('\n') + "\n";
    }

    public static string? Read(string path) => File.Exists(path) ? Normalize(File.ReadAllText(path, Utf8)) : null;

    public static void Write(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Normalize(text), Utf8);
    }

    public static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
