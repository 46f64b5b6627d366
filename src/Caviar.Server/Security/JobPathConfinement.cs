using Caviar.Jobs.Specs;
using Caviar.Validation;

namespace Caviar.Server.Security;

/// <summary>
/// Confines the files a job submitted through the API may touch: every channel path must lie under one of the
/// server's data roots (none configured: no channel is allowed), the checkpoint folder strictly under the artifacts
/// folder. Paths are checked after following symbolic links and <c>..</c> (<see cref="RealPath"/>), before anything
/// else looks at them (so a refusal says nothing about files outside), and the job gets the resolved paths, so a link
/// swapped afterwards does not move it. A refusal is a 400 naming the field, e.g. <c>trainingJob.channels[0].path</c>.
/// </summary>
internal sealed class JobPathConfinement
{
    private readonly IReadOnlyList<string> _dataRoots;
    private readonly string _artifactsRoot;
    private readonly string _baseDirectory;

    public JobPathConfinement(ServerOptions options)
    {
        _baseDirectory = options.BaseDirectory;
        _artifactsRoot = RealPath.Resolve(options.ArtifactsRoot, _baseDirectory);
        _dataRoots = options.DataRoots.Select(root =>
        {
            string resolved = RealPath.Resolve(root, _baseDirectory);
            return Directory.Exists(resolved) ? resolved
                : throw new CaviarValidationException(nameof(ServerOptions.DataRoots), $"'{root}' is not a directory");
        }).ToList();
    }

    /// <summary>The spec with its paths resolved, or a validation error naming the first path outside.</summary>
    public TrainingJobSpec Confine(TrainingJobSpec spec, string prefix = "")
    {
        var channels = new List<ChannelSpec>(spec.Channels.Count);
        for (int i = 0; i < spec.Channels.Count; i++)
        {
            var channel = spec.Channels[i];
            string field = $"{prefix}channels[{i}].path";
            if (_dataRoots.Count == 0)
                throw new CaviarValidationException(field,
                    "this server reads no data: start caviar serve with --data-root DIR to allow channels under DIR");
            if (string.IsNullOrEmpty(channel.Path)) throw new CaviarValidationException(field, "is required");
            string resolved = Resolve(channel.Path, field);
            if (!_dataRoots.Any(root => RealPath.IsWithin(resolved, root)))
                throw new CaviarValidationException(field,
                    $"must lie under a data root of this server ({string.Join(", ", _dataRoots)}), after following links");
            channels.Add(channel with { Path = resolved });
        }
        string? checkpoints = null;
        if (spec.CheckpointDir is { } dir)
        {
            checkpoints = Resolve(dir, prefix + "checkpointDir");
            if (checkpoints == _artifactsRoot || !RealPath.IsWithin(checkpoints, _artifactsRoot))
                throw new CaviarValidationException(prefix + "checkpointDir",
                    $"must lie under the server's artifacts folder ({_artifactsRoot}), after following links");
        }
        return spec with { Channels = channels, CheckpointDir = checkpoints };
    }

    /// <summary>
    /// A model to serve (an .onnx file or a model folder), resolved: it must lie under the artifacts folder (where
    /// jobs leave their models) or under a data root, after following links.
    /// </summary>
    public string ConfineModel(string? path, string field)
    {
        if (string.IsNullOrEmpty(path)) throw new CaviarValidationException(field, "is required");
        string resolved = Resolve(path, field);
        if (!RealPath.IsWithin(resolved, _artifactsRoot) && !_dataRoots.Any(root => RealPath.IsWithin(resolved, root)))
            throw new CaviarValidationException(field,
                $"must lie under the server's artifacts folder ({_artifactsRoot}) or a data root, after following links");
        return resolved;
    }

    private string Resolve(string path, string field)
    {
        try { return RealPath.Resolve(path, _baseDirectory); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CaviarValidationException(field, "cannot be resolved: a loop of links, or a folder this server cannot read");
        }
    }
}
