using System.Text.Json;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Specs;
using Caviar.Launchers.Kubernetes;
using Caviar.Tests.Support;
using Caviar.Validation;
using k8s;

namespace Caviar.Tests.Jobs;

/// <summary>
/// A job from an image under the Kubernetes launcher: the Job's pod runs the image with SageMaker's contract. Tested on
/// the prepared job directory and the generated manifest (there is no cluster here).
/// </summary>
public class KubernetesImageJobTests
{
    private static readonly KubernetesLauncherOptions Settings = new()
    {
        Namespace = "ml", Image = "registry.example/caviar:1.0", ArtifactsClaim = "shared-artifacts", Cpu = "2", Memory = "4Gi",
    };

    private static (JobRequest Request, TempDirectory Dir) Request(TrainingJobSpec spec)
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/train.csv"), "x,y\n1,3\n");
        var request = JobRequest.ForTrial("Boxed_0003", spec with { Channels = [new ChannelSpec { Name = "train", Path = "data" }] },
            new Dictionary<string, object> { ["learning_rate"] = 0.25 }, dir.Path, dir.File("artifacts"));
        return (request, dir);
    }

    private static JsonElement Manifest(JobRequest request, ImagePod pod)
    {
        var launcher = new KubernetesLauncher(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }),
            Settings, request.ArtifactsRoot);
        var manifest = launcher.Manifest(request.Directory.Root, request.Spec.Resources, pod);
        return JsonDocument.Parse(KubernetesJson.Serialize(manifest)).RootElement.Clone();
    }

    private static Dictionary<string, JsonElement> Env(JsonElement container) =>
        container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);

    [Fact]
    public void The_pod_runs_the_image_with_train_the_job_directory_at_opt_ml_its_variables_and_its_limits()
    {
        var (request, dir) = Request(new TrainingJobSpec
        {
            Image = "registry.example/algo:2",
            Resources = new ResourcesSpec { CpusPerProcess = 3, MemoryMegabytesPerProcess = 2048, GpusPerProcess = 1 },
        });
        using var _ = dir;
        var pod = ImagePod.Prepare(request, "caviar-boxed-0003-0.caviar-boxed-0003");
        var container = Manifest(request, pod).GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

        Assert.Equal("registry.example/algo:2", container.GetProperty("image").GetString());
        Assert.False(container.TryGetProperty("command", out var command) && command.ValueKind != JsonValueKind.Null);   // the image's entrypoint
        Assert.Equal(["train"], container.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        var mount = container.GetProperty("volumeMounts")[0];
        Assert.Equal("/opt/ml", mount.GetProperty("mountPath").GetString());
        Assert.Equal("jobs/Boxed_0003", mount.GetProperty("subPath").GetString());
        var resources = container.GetProperty("resources");
        Assert.Equal("3", resources.GetProperty("requests").GetProperty("cpu").GetString());
        Assert.Equal("2Gi", resources.GetProperty("requests").GetProperty("memory").GetString());
        Assert.Equal("3", resources.GetProperty("limits").GetProperty("cpu").GetString());
        Assert.Equal("2Gi", resources.GetProperty("limits").GetProperty("memory").GetString());
        Assert.Equal("1", resources.GetProperty("limits").GetProperty("nvidia.com/gpu").GetString());
        var env = Env(container);
        Assert.Equal("/opt/ml/model", env["SM_MODEL_DIR"].GetProperty("value").GetString());
        Assert.Equal("/opt/ml/input/data/train", env["SM_CHANNEL_TRAIN"].GetProperty("value").GetString());
        Assert.Equal("/opt/ml/checkpoints", env["CAVIAR_CHECKPOINT_DIR"].GetProperty("value").GetString());
        Assert.Equal("/opt/ml/input/config/caviar-hyperparameters.json", env["CAVIAR_HYPERPARAMETERS"].GetProperty("value").GetString());
        Assert.Equal("Boxed_0003", env["CAVIAR_JOB_NAME"].GetProperty("value").GetString());
        Assert.Equal("1", env["SM_NUM_GPUS"].GetProperty("value").GetString());
        Assert.Equal("algo-1", env["SM_CURRENT_HOST"].GetProperty("value").GetString());
        Assert.False(env.ContainsKey("CUDA_VISIBLE_DEVICES"));   // the device plugin's
        // The job directory was prepared as the runner would: string hyperparameters, resourceconfig, the channel copied.
        var job = request.Directory;
        using var strings = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.Root, "input/config/hyperparameters.json")));
        Assert.Equal("0.25", strings.RootElement.GetProperty("learning_rate").GetString());
        Assert.True(File.Exists(Path.Combine(job.Root, "input/config/resourceconfig.json")));
        Assert.True(File.Exists(Path.Combine(job.Root, "input/data/train/train.csv")));
        Assert.True(Directory.Exists(job.DefaultCheckpointDirectory));
    }

    [Fact]
    public void On_several_hosts_each_pod_takes_its_rank_from_its_completion_index_and_a_command_replaces_the_entrypoint()
    {
        var (request, dir) = Request(new TrainingJobSpec
        {
            Image = "registry.example/algo:2", Command = ["/usr/bin/python3", "/opt/program/train.py"],
            Resources = new ResourcesSpec { InstanceCount = 2 },
        });
        using var _ = dir;
        var pod = ImagePod.Prepare(request, KubernetesLauncher.PodHosts("caviar-boxed-0003", 2)[0]);
        var manifest = Manifest(request, pod);
        var container = manifest.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

        Assert.Equal("Indexed", manifest.GetProperty("spec").GetProperty("completionMode").GetString());
        Assert.Equal(["/usr/bin/python3", "/opt/program/train.py"], container.GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        var env = Env(container);
        foreach (var name in new[] { "RANK", "NODE_RANK", "CAVIAR_RANK" })
            Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                env[name].GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        Assert.Equal("caviar-boxed-0003-0.caviar-boxed-0003", env["MASTER_ADDR"].GetProperty("value").GetString());
        Assert.Equal("2", env["WORLD_SIZE"].GetProperty("value").GetString());
        Assert.Equal("""["algo-1","algo-2"]""", env["SM_HOSTS"].GetProperty("value").GetString());
    }

    [Fact]
    public void What_one_container_per_pod_cannot_do_is_refused_naming_the_field()
    {
        var (request, dir) = Request(new TrainingJobSpec { Image = "registry.example/algo:2", Resources = new ResourcesSpec { ProcessesPerHost = 2 } });
        using var _ = dir;
        Assert.Equal("resources.processesPerHost", Assert.Throws<CaviarValidationException>(() => ImagePod.Prepare(request, "h")).Field);
        var piped = request with { Spec = request.Spec with { Resources = new(), Channels = [request.Spec.Channels[0] with { InputMode = InputMode.Pipe }] } };
        Assert.Equal("channels", Assert.Throws<CaviarValidationException>(() => ImagePod.Prepare(piped, "h")).Field);
    }
}
