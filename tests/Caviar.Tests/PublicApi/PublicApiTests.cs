using System.Reflection;
using Caviar.Tests.Support;
using PublicApiGenerator;

namespace Caviar.Tests.PublicApi;

/// <summary>
/// The public API of each library assembly, recorded in <c>tests/Caviar.Tests/PublicApi/NAME.approved.txt</c>
/// (PublicApiGenerator, as Serilog and Spectre.Console do): any change of the surface fails here and writes
/// <c>NAME.received.txt</c> beside it. Accept a change on purpose with <c>CAVIAR_ACCEPT_API=1</c>, which overwrites
/// the approved files, and commit their diff.
/// </summary>
public class PublicApiTests
{
    /// <summary>The variable that makes the run overwrite the approved files with what the assemblies expose now.</summary>
    public const string AcceptVariable = "CAVIAR_ACCEPT_API";

    public static TheoryData<string> Libraries =>
    [
        "Caviar.Core", "Caviar.Storage.Sqlite", "Caviar.Storage.Postgres", "Caviar.Containers", "Caviar.Jobs",
        "Caviar.Launchers.Kubernetes", "Caviar.Algorithms", "Caviar.Plots", "Caviar.Serving", "Caviar.Server",
    ];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_api_is_the_approved_one(string library)
    {
        string api = PublicApiOf(Assembly.Load(new AssemblyName(library)));
        string approved = RepositoryRoot.File($"tests/Caviar.Tests/PublicApi/{library}.approved.txt");
        string received = Path.ChangeExtension(approved, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(approved, api);
            File.Delete(received);
            return;
        }
        string? expected = File.Exists(approved) ? File.ReadAllText(approved).ReplaceLineEndings("\n") : null;
        if (expected == api)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, api);
        Assert.Fail($"The public API of {library} changed: compare {received} with {approved} " +
                    $"(first difference: {FirstDifference(expected ?? "", api)}). If the change is meant, run the tests with " +
                    $"{AcceptVariable}=1 and commit the approved file.");
    }

    [Fact]
    public void Internal_types_stay_out_of_the_recorded_surface()
    {
        string core = PublicApiOf(typeof(Caviar.Studies.Study).Assembly);
        Assert.Contains("public sealed class GpStrategy", core);
        Assert.DoesNotContain("GaussianProcess", core);
        Assert.DoesNotContain("MaternKernel", core);
        Assert.NotEqual(core, PublicApiOf(typeof(Caviar.Storage.Sqlite.SqliteStudyStore).Assembly));
    }

    [Fact]
    public void The_server_exposes_only_what_a_host_needs()
    {
        var server = typeof(Caviar.Server.CaviarApi).Assembly.GetExportedTypes().Select(t => t.Name).Order().ToList();
        Assert.Equal(["CaviarApi", "ServerOptions"], server);
    }

    [Fact]
    public void Serving_and_job_plumbing_stay_internal()
    {
        string serving = PublicApiOf(typeof(Caviar.Serving.EndpointHost).Assembly);
        Assert.Contains("public static class EndpointHost", serving);
        Assert.DoesNotContain("DynamicBatcher", serving);
        Assert.DoesNotContain("V2InferRequest", serving);
        string jobs = PublicApiOf(typeof(Caviar.Jobs.Running.TrainingJobRunner).Assembly);
        Assert.Contains("public sealed class TrainingJobRunner", jobs);
        Assert.DoesNotContain("RunnerCommand", jobs);
        Assert.DoesNotContain("SrunRanks", jobs);
        Assert.DoesNotContain("EfficiencyMonitor", jobs);
    }

    /// <summary>The assembly's public API as C#, without assembly attributes (they carry the commit).</summary>
    private static string PublicApiOf(Assembly assembly) =>
        assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");

    private static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "(end)", right = i < b.Length ? b[i] : "(end)";
            if (left != right) return $"line {i + 1}: approved \"{left.Trim()}\", now \"{right.Trim()}\"";
        }
        return "none";
    }
}
