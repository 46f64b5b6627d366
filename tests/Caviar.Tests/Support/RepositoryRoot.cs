namespace Caviar.Tests.Support;

/// <summary>The checkout the tests were built from (the folder holding Caviar.slnx).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Caviar.slnx"))) return dir.FullName;
        // Built outside the checkout (an artifacts path elsewhere): the source file's own location tells.
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(SourceDirectory(), "..", "..", ".."));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetDirectoryName(file)!;
}
