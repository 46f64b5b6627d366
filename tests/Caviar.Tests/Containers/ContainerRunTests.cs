using System.Text.Json.Nodes;
using Caviar.Containers;

namespace Caviar.Tests.Containers;

/// <summary>The <c>podman run</c> line a job or endpoint makes, and SageMaker's files; no engine needed.</summary>
public class ContainerRunTests
{
    [Fact]
    public void Values_of_variables_never_appear_on_the_command_line_and_limits_and_gpus_are_passed()
    {
        var run = new ContainerRun
        {
            Image = "local/algo:1", Name = "caviar-job-1234abcd-0",
            Mounts = [new BindMount("/srv/jobs/a", "/opt/ml"), new BindMount("/data/x", "/data/x", ReadOnly: true)],
            Environment = new Dictionary<string, string> { ["SECRET_TOKEN"] = "s3cr3t" },
            Cpus = 2, MemoryBytes = 512L * 1024 * 1024, Gpus = [1, 3], Arguments = ["train"],
        };
        var args = run.RunArguments();

        Assert.Equal(["run", "--rm", "--init", "--name", "caviar-job-1234abcd-0", "--network", "none"], args.Take(7));
        Assert.DoesNotContain(args, a => a.Contains("s3cr3t"));
        Assert.Contains("SECRET_TOKEN", args);
        Assert.Equal(["--volume", "/srv/jobs/a:/opt/ml", "--volume", "/data/x:/data/x:ro"],
            args.Where((a, i) => a == "--volume" || i > 0 && args[i - 1] == "--volume"));
        Assert.Equal("2", args[args.ToList().IndexOf("--cpus") + 1]);
        Assert.Equal("536870912", args[args.ToList().IndexOf("--memory") + 1]);
        Assert.Equal(["nvidia.com/gpu=1", "nvidia.com/gpu=3"], args.Where((a, i) => i > 0 && args[i - 1] == "--device"));
        Assert.Equal(["local/algo:1", "train"], args.TakeLast(2));
    }

    [Fact]
    public void A_container_in_a_pod_takes_the_pods_network_instead_of_its_own()
    {
        var args = new ContainerRun { Image = "local/algo:1", Name = "caviar-j-1234abcd-1", Pod = "caviar-j-1234abcd-a0", Network = "bridge" }.RunArguments();
        Assert.Equal(["run", "--rm", "--init", "--name", "caviar-j-1234abcd-1", "--pod", "caviar-j-1234abcd-a0"], args.Take(7));
        Assert.DoesNotContain("--network", args);
    }

    [Fact]
    public void A_given_command_replaces_the_entrypoint_whole()
    {
        var args = new ContainerRun { Image = "local/algo:1", Name = "n", Command = ["/usr/bin/python3", "-c", "print('a b')"] }.RunArguments();
        Assert.Equal(["--entrypoint", """["/usr/bin/python3","-c","print(\u0027a b\u0027)"]""", "local/algo:1"], args.TakeLast(3));
    }

    [Fact]
    public void A_path_the_engine_would_split_is_refused()
    {
        var error = Assert.Throws<ContainerEngineException>(() => new BindMount("/data/a:b", "/opt/ml").Argument());
        Assert.Contains("/data/a:b", error.Message);
    }

    [Fact]
    public void Hyperparameters_are_written_as_strings_as_sagemaker_does()
    {
        var typed = JsonNode.Parse("""{ "epochs": 10, "lr": 0.001, "kind": "mlp", "deep": true, "layers": [1, 2] }""")!.AsObject();
        var strings = JsonNode.Parse(SageMakerContract.StringHyperParameters(typed))!.AsObject();
        Assert.Equal("10", (string)strings["epochs"]!);
        Assert.Equal("0.001", (string)strings["lr"]!);
        Assert.Equal("mlp", (string)strings["kind"]!);
        Assert.Equal("true", (string)strings["deep"]!);
        Assert.Equal("[1,2]", (string)strings["layers"]!);
    }

    [Fact]
    public void The_known_sandbox_failures_get_the_recipes_fix()
    {
        string explained = EngineFixes.Explain("Error: crun: setrlimit `RLIMIT_NOFILE`: Operation not permitted: OCI permission denied\n", "/x/containers.conf");
        Assert.Contains("setrlimit `RLIMIT_NOFILE`", explained);
        Assert.Contains("point CONTAINERS_CONF at /x/containers.conf", explained);
        Assert.Equal("Error: something else", EngineFixes.Explain("Error: something else\n", "/x/containers.conf"));
    }
}
