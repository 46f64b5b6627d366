using System.Reflection;
using System.Runtime.CompilerServices;
using Caviar.Tests.Containers;
using Caviar.Tests.Server;
using Caviar.Tests.Support;

namespace Caviar.Tests.HouseRules;

/// <summary>
/// Every test that needs a service from outside the .NET process tree carries <c>[Trait("Needs", SERVICE)]</c>, so
/// <c>dotnet test --filter "Needs!=postgres&amp;Needs!=slurm&amp;Needs!=chromium&amp;Needs!=podman"</c> is a fast
/// inner loop that needs none of them.
/// </summary>
public class OutsideServiceTraitTests
{
    /// <summary>The helpers (test support types) whose use means a service, by the service.</summary>
    private static readonly Dictionary<Type, string> Helpers = new()
    {
        [typeof(PostgresServer)] = "postgres",
        [typeof(SlurmCluster)] = "slurm",
        [typeof(PlaywrightScript)] = "chromium",
        [typeof(HeadlessChromium)] = "chromium",
        [typeof(ExampleImage)] = "podman",
    };

    private static readonly Dictionary<string, string> Collections = new()
    {
        [PostgresCollection.Name] = "postgres",
        [SlurmCollection.Name] = "slurm",
    };

    [Fact]
    public void Every_test_that_needs_postgres_slurm_chromium_or_podman_says_so()
    {
        var missing = new List<string>();
        int tests = 0;
        foreach (var type in typeof(OutsideServiceTraitTests).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                         .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            {
                tests++;
                var declared = Traits(type).Concat(Traits(method)).ToHashSet();
                foreach (string need in Needs(type, method).Where(n => !declared.Contains(n)))
                    missing.Add($"{type.Name}.{method.Name} needs {need}");
            }
        }
        Assert.True(tests > 300, $"found only {tests} tests");
        Assert.True(missing.Count == 0, "without [Trait(\"Needs\", …)]: " + string.Join("; ", missing.Distinct()));
    }

    [Fact]
    public void The_check_sees_a_collection_a_fixture_and_a_helper_call_in_a_plain_or_async_body()
    {
        Assert.Equal(["postgres"], Needs(typeof(InPostgresCollection), typeof(InPostgresCollection).GetMethod(nameof(InPostgresCollection.Test))!));
        Assert.Equal(["slurm"], Needs(typeof(WithSlurmFixture), typeof(WithSlurmFixture).GetMethod(nameof(WithSlurmFixture.Test))!));
        Assert.Equal(["podman"], Needs(typeof(Samples), typeof(Samples).GetMethod(nameof(Samples.Podman))!));
        Assert.Equal(["chromium"], Needs(typeof(Samples), typeof(Samples).GetMethod(nameof(Samples.ChromiumAsync))!));
        Assert.Empty(Needs(typeof(Samples), typeof(Samples).GetMethod(nameof(Samples.Plain))!));
    }

    private static IEnumerable<string> Traits(MemberInfo member) =>
        member.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Needs")
            .Select(a => (string)a.ConstructorArguments[1].Value!);

    /// <summary>What a test needs: its class's collection and fixtures, <c>[PodmanFact]</c>, and the helpers its body calls.</summary>
    private static IEnumerable<string> Needs(Type type, MethodInfo method)
    {
        var needs = new SortedSet<string>(StringComparer.Ordinal);
        if (type.GetCustomAttribute<CollectionAttribute>() is { } && type.GetCustomAttributesData()
                .First(a => a.AttributeType == typeof(CollectionAttribute)).ConstructorArguments[0].Value is string collection &&
            Collections.TryGetValue(collection, out string? byCollection))
            needs.Add(byCollection);
        foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters()))
            if (Helpers.TryGetValue(parameter.ParameterType, out string? byFixture)) needs.Add(byFixture);
        if (method.GetCustomAttribute<PodmanFactAttribute>() is not null) needs.Add("podman");
        foreach (var called in CalledTypes(method))
            if (Helpers.TryGetValue(called, out string? byCall)) needs.Add(byCall);
        return needs;
    }

    /// <summary>The types whose members the method's body (or its async state machine's) calls or constructs.</summary>
    private static IEnumerable<Type> CalledTypes(MethodInfo method)
    {
        var body = method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } machine
            ? machine.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic)!
            : method;
        byte[] il = body.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F or 0x73)) continue;   // call, callvirt, newobj, each followed by a method token
            int token = BitConverter.ToInt32(il, i + 1);
            if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue;   // MethodDef, MemberRef, MethodSpec
            MethodBase? target;
            try { target = body.Module.ResolveMethod(token, body.DeclaringType?.GetGenericArguments(), null); }
            catch (ArgumentException) { continue; }
            if (target?.DeclaringType is { } declaring) yield return declaring;
        }
    }

    [Collection(PostgresCollection.Name)]
    private sealed class InPostgresCollection
    {
        public void Test() { }
    }

    private sealed class WithSlurmFixture(SlurmCluster cluster)
    {
        public SlurmCluster Cluster { get; } = cluster;
        public void Test() { }
    }

    private sealed class Samples
    {
        public string Podman() => ExampleImage.Ensure();

        public async Task ChromiumAsync() => await PlaywrightScript.RunAsync("none.mjs");

        public int Plain() => Environment.ProcessorCount;
    }
}
