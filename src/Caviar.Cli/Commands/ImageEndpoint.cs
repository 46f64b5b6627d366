using Caviar.Containers;
using Caviar.Jobs.Layout;
using Caviar.Serving.Containers;
using Caviar.Serving.Registry;
using Caviar.Validation;
using Spectre.Console;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar deploy NAME --image T</c>: one inference container behind Caviar's endpoint. The model is a folder
/// (<c>--model DIR</c>) or a training job's model folder (<c>--training-job JOB</c>). Variants, updates and
/// <c>--tuning-job</c> are for ONNX models and are refused with an image. Everything is checked before the container starts.
/// </summary>
internal static class ImageEndpoint
{
    public static int Run(DeployCommand.Settings settings, string artifacts, EndpointRegistry registry, string token,
        CancellationToken cancellation)
    {
        if (settings.Update) throw new CaviarValidationException("--update", "an image endpoint is not updated in place: undeploy it and deploy again");
        if (settings.Variants.Length > 0) throw new CaviarValidationException("--variant", "an image endpoint serves one container; variants are for ONNX models");
        if (settings.TuningJob is not null) throw new CaviarValidationException("--tuning-job", "with --image, give --model DIR or --training-job JOB");
        if (settings.Model is not null && settings.TrainingJob is not null)
            throw new CaviarValidationException("--model", "give one of --model and --training-job");
        string model = settings.Model is { } path ? Path.GetFullPath(path)
            : settings.TrainingJob is { } job ? JobDirectory.For(artifacts, job).ModelDirectory
            : throw new CaviarValidationException("--model", "no model to serve: give --model DIR or --training-job JOB");
        string field = settings.Model is not null ? "--model" : "--training-job";
        if (!Directory.Exists(model))
            throw new CaviarValidationException(field, $"'{model}' is not a folder (the container reads its model from /opt/ml/model)");
        ImageCheck.Ensure(settings.Image, commandGiven: false, "--image", "--image");

        var options = new ContainerEndpointOptions
        {
            Name = settings.Name, Image = settings.Image!, ModelDirectory = model, Host = settings.Host, Port = settings.Port,
            Token = token, MaxBodyBytes = ByteSize.Parse(settings.MaxBody, "--max-body"), RegistryDirectory = registry.Directory,
        };
        ContainerEndpointHost.RunAsync(options, url =>
        {
            AnsiConsole.MarkupLine($"Endpoint {Markup.Escape(settings.Name)} on {Markup.Escape(url)} — send 'Authorization: Bearer {Markup.Escape(token)}'");
            AnsiConsole.MarkupLine($"  image {Markup.Escape(options.Image)}, model {Markup.Escape(model)}");
        }, cancellation).GetAwaiter().GetResult();
        return 0;
    }
}
