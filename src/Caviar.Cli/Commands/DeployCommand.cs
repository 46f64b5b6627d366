using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using Caviar.Jobs.Distributed;
using Caviar.Cli.Conventions;
using Caviar.Serving;
using Caviar.Serving.Batching;
using Caviar.Serving.Models;
using Caviar.Serving.Registry;
using Caviar.Serving.Variants;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar deploy NAME</c>: serves ONNX models as a real-time endpoint (SageMaker's and the Open Inference
/// Protocol) until stopped; with <c>--update</c>, swaps a variant of the running endpoint NAME instead; with
/// <c>--image</c>, serves an inference container instead (<see cref="ImageEndpoint"/>).
/// </summary>
internal sealed class DeployCommand : Command<DeployCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The endpoint's name (the model name in /v2/models/NAME).")]
        public string Name { get; init; } = "";

        [CommandOption("--model <PATH>")]
        [Description("An .onnx file, or a model folder (gbt/linear: model.onnx; mlp/cnn: exported to optimized/model-fp32.onnx). Served as variant 'main'.")]
        public string? Model { get; init; }

        [CommandOption("--image <IMAGE>")]
        [Description("Serve an inference image (SageMaker's contract: 'serve', port 8080, /ping, /invocations) with the --model folder or --training-job's model at /opt/ml/model.")]
        public string? Image { get; init; }

        [CommandOption("--training-job <JOB>")]
        [Description("Serve the model of this training job (instead of --model).")]
        public string? TrainingJob { get; init; }

        [CommandOption("--tuning-job <JOB>")]
        [Description("Serve the model of this tuning job's best trial (instead of --model).")]
        public string? TuningJob { get; init; }

        [CommandOption("--variant <NAME=PATH:WEIGHT>")]
        [Description("A further variant and its share of traffic (weight 1 when left out); repeatable.")]
        public string[] Variants { get; init; } = [];

        [CommandOption("--update")]
        [Description("Swap the model of a variant of the running endpoint NAME; requests in flight finish on the old model.")]
        public bool Update { get; init; }

        [CommandOption("--host <IP>")]
        [Description("Address to listen on (default 127.0.0.1: this machine only).")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <PORT>")]
        [Description("Port (default 8080; 0: any free port, shown by 'caviar endpoints').")]
        public int Port { get; init; } = 8080;

        [CommandOption("--token <TOKEN>")]
        [Description("Bearer token for every call but /ping and /v2/health (default: $CAVIAR_API_TOKEN, else a new random one, printed).")]
        public string? Token { get; init; }

        [CommandOption("--max-batch <ROWS>")]
        [Description("Most rows run together by dynamic batching (default 64).")]
        public int MaxBatch { get; init; } = new BatchingOptions().MaxBatch;

        [CommandOption("--max-delay-us <MICROSECONDS>")]
        [Description("How long a request waits for others to batch with (default 500; 0: none).")]
        public int MaxDelayMicroseconds { get; init; } = new BatchingOptions().MaxDelayMicroseconds;

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime intra-op threads per model (default 0: one per physical core).")]
        public int Threads { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("cpu (default) or cuda: ONNX Runtime's CUDA execution provider on the first GPU (--gpus, $CAVIAR_GPUS or nvidia-smi -L); falls back to the CPU, saying why, where no GPU or CUDA library is found.")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--gpus <LIST>")]
        [Description("This host's GPUs for --device cuda, e.g. 0 (\"\" for none); default: $CAVIAR_GPUS, else what nvidia-smi -L lists.")]
        public string? Gpus { get; init; }

        [CommandOption("--max-body <BYTES>")]
        [Description("Largest request body, e.g. 8MB, 512KB or 1000000 (default 8MB); larger ones get 413.")]
        public string MaxBody { get; init; } = "8MB";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            Caviar.Jobs.Specs.SafeNames.EnsureJobName(settings.Name, "NAME");
            string artifacts = settings.ResolveArtifacts();
            var registry = EndpointRegistry.Under(artifacts);
            string token = settings.Token ?? Environment.GetEnvironmentVariable("CAVIAR_API_TOKEN")
                           ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            if (settings.Image is not null) return ImageEndpoint.Run(settings, artifacts, registry, token, cancellation);
            var variants = Variants(settings, artifacts, registry);
            if (settings.Update) return Update(settings, registry, variants);
            var device = InferenceDevices.Parse(settings.Device, "--device");
            var gpus = settings.Gpus is { } given ? new GpuInventory(GpuInventory.ParseList(given, "--gpus"), "--gpus") : null;

            var options = new EndpointOptions
            {
                Name = settings.Name, Variants = variants, Host = settings.Host, Port = settings.Port, Token = token,
                Batching = new BatchingOptions { MaxBatch = settings.MaxBatch, MaxDelayMicroseconds = settings.MaxDelayMicroseconds },
                IntraOpThreads = settings.Threads, MaxBodyBytes = ByteSize.Parse(settings.MaxBody, "--max-body"),
                RegistryDirectory = registry.Directory, Device = device, DiscoverGpus = gpus is null ? null : () => gpus,
            };
            EndpointHost.RunAsync(options, endpoint =>
            {
                if (endpoint.Device.FallbackReason is { } reason)
                    CliConsole.Messages.MarkupLine($"[yellow]warning:[/] --device cuda: serving on the CPU instead: {Markup.Escape(reason)}");
                string where = endpoint.Device.Device == InferenceDevice.Cuda ? $" on GPU {endpoint.Device.Gpu}" : "";
                AnsiConsole.MarkupLine($"Endpoint {Markup.Escape(settings.Name)} on {Markup.Escape(endpoint.Url!)}{Markup.Escape(where)} — send 'Authorization: Bearer {Markup.Escape(token)}'");
                foreach (var v in variants)
                    AnsiConsole.MarkupLine($"  variant {Markup.Escape(v.Name)} (weight {v.Weight.ToString(CultureInfo.InvariantCulture)}): {Markup.Escape(v.ModelPath)}");
            }, cancellation).GetAwaiter().GetResult();
            return 0;
        });

    private static List<VariantSpec> Variants(Settings settings, string artifacts, EndpointRegistry registry)
    {
        int sources = new[] { settings.Model, settings.TrainingJob, settings.TuningJob }.Count(s => s is not null);
        if (sources > 1) throw new CaviarValidationException("--model", "give one of --model, --training-job and --tuning-job");
        string? main = settings.Model is { } path ? ModelSource.FromPath(path, "--model")
            : settings.TrainingJob is { } job ? ModelSource.FromTrainingJob(artifacts, job)
            : settings.TuningJob is { } tuning ? FromTuningJob(settings, artifacts, tuning)
            : null;
        var variants = new List<VariantSpec>();
        if (main is not null)
        {
            double weight = settings.Update ? registry.Find(settings.Name)?.Variants.FirstOrDefault(v => v.Name == VariantSpec.DefaultName)?.Weight ?? 1 : 1;
            variants.Add(new VariantSpec(VariantSpec.DefaultName, main, weight));
        }
        foreach (var text in settings.Variants)
        {
            var spec = VariantSpec.Parse(text);
            variants.Add(spec with { ModelPath = ModelSource.FromPath(spec.ModelPath, "--variant") });
        }
        if (variants.Count == 0) throw new CaviarValidationException("--model", "no model to serve: give --model, --training-job, --tuning-job or --variant");
        return variants;
    }

    private static string FromTuningJob(Settings settings, string artifacts, string tuningJob)
    {
        using var store = settings.OpenStore();
        return ModelSource.FromTuningJob(store, artifacts, tuningJob);
    }

    private static int Update(Settings settings, EndpointRegistry registry, List<VariantSpec> variants)
    {
        var record = registry.Find(settings.Name) ?? throw new CaviarValidationException("NAME", $"no running endpoint named '{settings.Name}'");
        foreach (var variant in variants)
        {
            EndpointControl.PutVariantAsync(record, variant, "--update").GetAwaiter().GetResult();
            AnsiConsole.MarkupLine($"Endpoint {Markup.Escape(settings.Name)}: variant {Markup.Escape(variant.Name)} now serves {Markup.Escape(variant.ModelPath)}");
        }
        return 0;
    }
}
