using System.Diagnostics;
using System.Text.RegularExpressions;
using Caviar.Tests.Support;

namespace Caviar.Tests.Packaging;

/// <summary>
/// The README's "Library API" section: the first C# block is a whole program (LibraryPackageTests builds and runs it
/// from the packed packages); the later blocks continue it (its usings, its store and study). This builds each later
/// block as written, as a method body with those in scope and its own helpers (EvaluateSomewhere, Accuracy, …) as
/// stand-ins, against this build's libraries, so a renamed or changed API in them fails here.
/// (Slow-ish: one dotnet build of a small project, under a minute.)
/// </summary>
public partial class ReadmeFragmentTests
{
    [Fact]
    public async Task The_library_sections_later_csharp_blocks_compile_as_written()
    {
        string readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        int start = readme.IndexOf("\n## Library API\n", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var blocks = CSharpBlock().Matches(readme[start..(end < 0 ? readme.Length : end)]).Select(m => m.Groups["code"].Value).ToList();
        Assert.True(blocks.Count >= 3, $"the Library API section has {blocks.Count} C# blocks");
        var usings = Regex.Matches(blocks[0], @"^using [\w.]+;$", RegexOptions.Multiline).Select(m => m.Value);

        using var dir = new TempDirectory();
        var source = new System.Text.StringBuilder();
        foreach (var line in usings.Append("using Caviar.MultiObjective;").Append("using Caviar.Storage;").Distinct())
            source.AppendLine(line);
        source.AppendLine("""
            #pragma warning disable CS0219, CS0168, CS8321, IDE0059
            internal static class Fragments
            {
                private static double EvaluateSomewhere<T>(T parameters) => 0;
                private static double SizeKiB<T>(T parameters) => 0;
                private static double Accuracy<TA, TB>(TA a, TB b) => 0;
                private static double LatencyMs<TA, TB>(TA a, TB b) => 0;
            """);
        for (int i = 1; i < blocks.Count; i++)
        {
            // A block that makes its own study gets only the store; one that continues the first gets both.
            bool ownStudy = Regex.IsMatch(blocks[i], @"\bvar study\b");
            source.AppendLine($"    public static void Block{i}(IStudyStore store{(ownStudy ? "" : ", Study study")})\n    {{");
            source.AppendLine(blocks[i]);
            source.AppendLine("    }");
        }
        source.AppendLine("}");
        File.WriteAllText(dir.File("Fragments.cs"), source.ToString());

        string references = string.Join("\n", new[] { "Caviar.Core", "Caviar.Storage.Sqlite" }.Select(name =>
            $"""    <Reference Include="{name}" HintPath="{Path.Combine(AppContext.BaseDirectory, name + ".dll")}" />"""));
        File.WriteAllText(dir.File("fragments.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);

        var startInfo = new ProcessStartInfo("dotnet", ["build", dir.Path, "-nologo", "-v", "q"])
        {
            WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var build = Process.Start(startInfo)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await build.WaitForExitAsync(timeout.Token);
        Assert.True(build.ExitCode == 0, source + "\n" + await output + await error);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
