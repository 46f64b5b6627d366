using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Caviar.Tests.Support;

namespace Caviar.Tests.Packaging;

/// <summary>
/// scripts/pack-libraries.sh packs the libraries with their metadata, documentation and sources, and a fresh console
/// project that references them from the local feed builds and runs the README's library example as written.
/// (Slow: Release packs and a restore, a minute or two.)
/// </summary>
public partial class LibraryPackageTests
{
    private static readonly string Version = typeof(Caviar.Studies.Study).Assembly.GetName().Version!.ToString(3);

    [Fact]
    public void The_packed_libraries_carry_their_metadata_and_run_the_readme_example_in_a_new_project()
    {
        using var dir = new TempDirectory();
        var pack = Run(RepositoryRoot.File("scripts/pack-libraries.sh"), ["Caviar.Core", "Caviar.Storage.Sqlite"], RepositoryRoot.Path,
            new() { ["CAVIAR_FEED"] = dir.File("feed"), ["CAVIAR_PACK_ARTIFACTS"] = dir.File("build") }, TimeSpan.FromMinutes(15));
        Assert.True(pack.Code == 0, pack.Output);

        foreach (var id in new[] { "Caviar.Core", "Caviar.Storage.Sqlite" })
        {
            using var package = ZipFile.OpenRead(dir.File($"feed/{id}.{Version}.nupkg"));
            var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!;
            string Field(string name) => nuspec.Descendants().First(e => e.Name.LocalName == name).Value;
            XElement Element(string name) => nuspec.Descendants().First(e => e.Name.LocalName == name);
            Assert.Equal((id, Version), (Field("id"), Field("version")));
            Assert.True(Field("description").Length > 40, Field("description"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.Matches("^[0-9a-f]{40}$", Element("repository").Attribute("commit")!.Value);
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
            using var assembly = new MemoryStream();
            package.GetEntry($"lib/net10.0/{id}.dll")!.Open().CopyTo(assembly);
            Assert.True(EmbeddedSourceCount(assembly.ToArray()) > 0, $"{id}.dll embeds no sources");
        }
        using (var sqlite = ZipFile.OpenRead(dir.File($"feed/Caviar.Storage.Sqlite.{Version}.nupkg")))
        {
            var dependency = XDocument.Load(sqlite.GetEntry("Caviar.Storage.Sqlite.nuspec")!.Open()).Descendants()
                .Single(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "Caviar.Core");
            Assert.Equal(Version, dependency.Attribute("version")!.Value);
        }

        // A new console project: the packages from the feed, the rest from the machine's NuGet cache or nuget.org;
        // its own packages folder, so a Caviar package of the same version restored earlier cannot stand in.
        string app = dir.File("app");
        Directory.CreateDirectory(app);
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{dir.File("packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
                <RestoreAdditionalProjectSources>{dir.File("feed")}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Caviar.Storage.Sqlite" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ReadmeLibraryExample());
        var run = Run("dotnet", ["run", "--project", app], app, [], TimeSpan.FromMinutes(10));
        Assert.True(run.Code == 0, run.Output);
        Assert.Matches(@"best trial \d+: loss \d+\.\d{4} with .*lr=0\.", run.Output);
        Assert.True(File.Exists(Path.Combine(app, "caviar.db")));
        Assert.True(Directory.Exists(dir.File("packages/caviar.core")), "Caviar.Core was not restored from the feed");
    }

    /// <summary>The first C# block of the README's "Library API" section, as written.</summary>
    private static string ReadmeLibraryExample()
    {
        string readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        string section = readme[readme.IndexOf("\n## Library API\n", StringComparison.Ordinal)..];
        return CSharpBlock().Match(section).Groups["code"].Value;
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>How many source files the assembly's embedded portable PDB carries.</summary>
    private static int EmbeddedSourceCount(byte[] assembly)
    {
        var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        using var pe = new PEReader(new MemoryStream(assembly));
        var entry = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        var pdb = provider.GetMetadataReader();
        return pdb.CustomDebugInformation.Count(h => pdb.GetGuid(pdb.GetCustomDebugInformation(h).Kind) == embeddedSource);
    }

    private static (int Code, string Output) Run(string program, string[] args, string workingDirectory,
        Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}
