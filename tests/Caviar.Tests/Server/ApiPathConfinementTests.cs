using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>
/// Jobs submitted through the API read channels only under the server's data roots and keep checkpoints only under
/// its artifacts folder, judged after following links and "..".
/// </summary>
public class ApiPathConfinementTests
{
    // In the server's folder: data/ (the data root, with train.csv), outside/secret.csv, and links out of data/.
    private static Task<ApiServer> StartWithDataRoot(bool withRoot = true) => ApiServer.StartAsync((options, dir) =>
    {
        Directory.CreateDirectory(dir.File("data/sub"));
        File.WriteAllText(dir.File("data/train.csv"), "x,y\n1,2\n");
        Directory.CreateDirectory(dir.File("outside/deep"));
        File.WriteAllText(dir.File("outside/secret.csv"), "secret\n");
        File.CreateSymbolicLink(dir.File("data/escape.csv"), dir.File("outside/secret.csv"));
        Directory.CreateSymbolicLink(dir.File("data/deep"), dir.File("outside/deep"));
        Directory.CreateSymbolicLink(dir.File("data/loop"), dir.File("data/loop"));
        Directory.CreateDirectory(dir.File("artifacts"));
        Directory.CreateSymbolicLink(dir.File("artifacts/away"), dir.File("outside"));
        return withRoot ? options with { DataRoots = [dir.File("data")] } : options;
    });

    private static StringContent Json(object spec) => new(JsonSerializer.Serialize(spec), Encoding.UTF8, "application/json");

    private static object TrainingJob(string name, string? channel = null, string? checkpointDir = null) => new
    {
        name, command = new[] { "/bin/bash", "-c", "cat \"$CAVIAR_CHANNEL_TRAIN\" | wc -l | sed 's/^/epoch=1 loss=/'" },
        metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
        channels = channel is null ? Array.Empty<object>() : [new { name = "train", path = channel }],
        checkpointDir,
    };

    private static object TuningJob(object trainingJob) => new
    {
        name = "escapes", objective = new { type = "Minimize", metricName = "loss" }, trainingJob,
        hyperParameterRanges = new[] { new { type = "integer", name = "width", minValue = 1, maxValue = 4 } },
        limits = new { maxTrials = 1 },
    };

    private static async Task<(HttpStatusCode Status, string? Field, string? Reason)> Post(ApiServer server, string path, object spec)
    {
        var response = await server.Client.PostAsync(path, Json(spec));
        if (response.StatusCode != HttpStatusCode.BadRequest) return (response.StatusCode, null, null);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("field").GetString(), body.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_channel_under_a_data_root_is_read_by_the_job()
    {
        await using var server = await StartWithDataRoot();
        Assert.Equal(HttpStatusCode.Created, (await Post(server, "/api/training-jobs", TrainingJob("reads", "data/train.csv"))).Status);
        await Eventually.True(() => server.Client.GetStringAsync("/api/training-jobs").Result.Contains("\"Completed\""));
        var status = JsonDocument.Parse(await server.Client.GetStringAsync("/api/training-jobs/reads")).RootElement;
        Assert.Equal(2, status.GetProperty("finalMetrics").GetProperty("loss").GetDouble());   // the two lines of train.csv
    }

    [Theory]
    [InlineData("outside/secret.csv")]       // plainly outside
    [InlineData("data/../outside/secret.csv")]
    [InlineData("data/escape.csv")]          // a link in the root to a file outside
    [InlineData("data/deep/../secret.csv")]  // ".." after a link: the parent of the link's target, as the kernel sees it
    [InlineData("/etc/passwd")]
    [InlineData("/no/such/file")]            // refused the same way: a refusal tells nothing about files outside
    public async Task A_channel_outside_the_data_roots_is_refused_naming_the_field(string path)
    {
        await using var server = await StartWithDataRoot();
        var (status, field, reason) = await Post(server, "/api/training-jobs", TrainingJob("escapes", path));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("channels[0].path", field);
        Assert.StartsWith("must lie under a data root of this server", reason);

        var tuning = await Post(server, "/api/tuning-jobs", TuningJob(TrainingJob("x", path)));
        Assert.Equal((HttpStatusCode.BadRequest, "trainingJob.channels[0].path"), (tuning.Status, tuning.Field));
        Assert.Equal("[]", await server.Client.GetStringAsync("/api/tuning-jobs"));
    }

    [Fact]
    public async Task A_loop_of_links_is_refused_naming_the_field()
    {
        await using var server = await StartWithDataRoot();
        var (status, field, reason) = await Post(server, "/api/training-jobs", TrainingJob("loops", "data/loop/train.csv"));
        Assert.Equal((HttpStatusCode.BadRequest, "channels[0].path"), (status, field));
        Assert.StartsWith("cannot be resolved", reason);
    }

    [Fact]
    public async Task Without_data_roots_no_channel_is_accepted()
    {
        await using var server = await StartWithDataRoot(withRoot: false);
        var (status, field, reason) = await Post(server, "/api/training-jobs", TrainingJob("any", "data/train.csv"));
        Assert.Equal((HttpStatusCode.BadRequest, "channels[0].path"), (status, field));
        Assert.Contains("--data-root", reason);
        Assert.Equal(HttpStatusCode.Created, (await Post(server, "/api/training-jobs", TrainingJob("none"))).Status);
    }

    [Fact]
    public async Task A_checkpoint_dir_under_the_artifacts_folder_is_used()
    {
        await using var server = await StartWithDataRoot();
        Assert.Equal(HttpStatusCode.Created, (await Post(server, "/api/training-jobs", TrainingJob("kept", checkpointDir: "artifacts/kept-checkpoints"))).Status);
        await Eventually.True(() => Directory.Exists(server.Directory.File("artifacts/kept-checkpoints")));
    }

    [Theory]
    [InlineData("outside/checkpoints")]
    [InlineData("artifacts/../outside")]
    [InlineData("artifacts/away/checkpoints")]   // through a link in the artifacts folder
    [InlineData("artifacts")]                   // the whole folder is no checkpoint folder
    [InlineData("/tmp")]
    public async Task A_checkpoint_dir_outside_the_artifacts_folder_is_refused(string dir)
    {
        await using var server = await StartWithDataRoot();
        var (status, field, _) = await Post(server, "/api/training-jobs", TrainingJob("ckpt", checkpointDir: dir));
        Assert.Equal((HttpStatusCode.BadRequest, "checkpointDir"), (status, field));
        var tuning = await Post(server, "/api/tuning-jobs", TuningJob(TrainingJob("x", checkpointDir: dir)));
        Assert.Equal((HttpStatusCode.BadRequest, "trainingJob.checkpointDir"), (tuning.Status, tuning.Field));
        Assert.False(Directory.Exists(server.Directory.File("outside/checkpoints")));
    }
}
