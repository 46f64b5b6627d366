using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Hosting;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Tabular;
using Caviar.BuiltIns;

namespace Caviar.Tests.Algorithms;

/// <summary>
/// Ties the declarations in <see cref="BuiltInAlgorithmCatalog"/> to what the algorithms really read: every declared
/// hyperparameter is read with the declared default, and every name an algorithm reads is declared. An algorithm that
/// gains a hyperparameter fails here until it is declared (src/Caviar.Core/BuiltIns/).
/// </summary>
public class HyperParameterDeclarationTests
{
    /// <summary>The settings reader of each algorithm, and the algorithms sharing it (which may read each other's names).</summary>
    private static (Action<HyperParameterValues> Read, string[] Family) ReaderOf(string algorithm) => algorithm switch
    {
        "mlp" or "cnn" => (values => NeuralSettings.From(algorithm, values), ["mlp", "cnn"]),
        "gbt" or "linear" => (values => TabularSettings.From(algorithm, values), ["gbt", "linear"]),
        _ => throw new InvalidOperationException($"no settings reader known for '{algorithm}': add it here"),
    };

    public static TheoryData<string> Algorithms => [.. BuiltInAlgorithmCatalog.Names];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Every_declared_hyperparameter_is_read_with_its_declared_default_and_nothing_undeclared_is_read(string name)
    {
        var algorithm = BuiltInAlgorithmCatalog.Get(name);
        var (read, family) = ReaderOf(name);
        var given = algorithm.HyperParameters.ToDictionary(h => h.Name, SampleValue);
        var fallbacks = new Dictionary<string, object?>();
        read(new HyperParameterValues(given, (hp, fallback) => fallbacks.TryAdd(hp, fallback)));

        foreach (var declared in algorithm.HyperParameters)
        {
            Assert.True(fallbacks.ContainsKey(declared.Name), $"{name} declares '{declared.Name}' but never reads it");
            if (declared.Default is not null)
                Assert.True(Same(declared.Default, fallbacks[declared.Name]),
                    $"{name}.{declared.Name}: declared default {declared.DefaultText}, the algorithm's is {fallbacks[declared.Name]}");
        }
        var declaredInFamily = family.SelectMany(f => BuiltInAlgorithmCatalog.Get(f).HyperParameters).Select(h => h.Name).ToHashSet();
        Assert.All(fallbacks.Keys, hp => Assert.True(declaredInFamily.Contains(hp),
            $"{name} reads '{hp}', which no declaration in src/Caviar.Core/BuiltIns/ names"));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void The_declared_defaults_pass_the_declarations_own_checks(string name)
    {
        var algorithm = BuiltInAlgorithmCatalog.Get(name);
        algorithm.CheckHyperParameters(algorithm.HyperParameters.ToDictionary(h => h.Name, SampleValue), "hyperParameters");
    }

    [Fact]
    public void The_job_specs_and_the_algorithm_host_know_the_same_algorithms()
    {
        Assert.Equal(BuiltInAlgorithmCatalog.Names.Order(), Caviar.Jobs.Specs.BuiltInAlgorithms.Names.Order());
        Assert.Equal(["cnn", "gbt", "linear", "mlp"], BuiltInAlgorithmCatalog.Names.Order());
    }

    private static JsonElement SampleValue(HyperParameterSpecification h) => JsonSerializer.SerializeToElement(
        h.Default ?? (h.Type == HyperParameterType.Text ? "label" : (object)(long)(h.MinValue ?? 1)));

    private static bool Same(object declared, object? read) => (declared, read) switch
    {
        (string d, string r) => string.Equals(d, r, StringComparison.OrdinalIgnoreCase),
        (bool d, bool r) => d == r,
        (IConvertible d, IConvertible r) when declared is not (string or bool) && read is not (string or bool) =>
            d.ToDouble(CultureInfo.InvariantCulture) == r.ToDouble(CultureInfo.InvariantCulture),
        _ => false,
    };
}

/// <summary>README.md's hyperparameter tables show what is declared: each declared name has a row with its range and default.</summary>
public class HyperParameterReadmeTests
{
    [Theory]
    [MemberData(nameof(HyperParameterDeclarationTests.Algorithms), MemberType = typeof(HyperParameterDeclarationTests))]
    public void Readme_has_a_row_for_every_declared_hyperparameter(string name)
    {
        var rows = File.ReadAllLines(Caviar.Tests.Support.RepositoryRoot.File("README.md")).Where(l => l.StartsWith("| `")).ToList();
        foreach (var h in BuiltInAlgorithmCatalog.Get(name).HyperParameters)
        {
            var row = rows.FirstOrDefault(r => r.StartsWith($"| `{h.Name}` |") &&
                                               r.Contains($"| {(h.Tunable ? "yes" : "no")} |") &&
                                               r.Contains(h.DefaultText, StringComparison.Ordinal));
            Assert.True(row is not null, $"README.md has no row for {name}'s '{h.Name}' (default {h.DefaultText}, tunable {h.Tunable})");
        }
    }
}
