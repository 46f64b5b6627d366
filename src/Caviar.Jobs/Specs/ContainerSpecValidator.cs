using Caviar.Containers;
using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>
/// Checks what a job from an image adds (<see cref="TrainingJobSpec.Image"/>, <see cref="TrainingJobSpec.Network"/>,
/// the memory limit) — the cheap checks first, then the engine and the image itself (<see cref="ImageCheck"/>).
/// </summary>
internal static class ContainerSpecValidator
{
    /// <summary>The smallest memory limit the engine accepts, in MiB.</summary>
    private const int MinimumMemoryMegabytes = 6;

    public static void Validate(TrainingJobSpec spec, string prefix)
    {
        bool hasImage = spec.Image is not null;
        if (spec.Network is { } network)
        {
            if (!hasImage)
                throw new CaviarValidationException(prefix + "network", "only a job from an image has a network; give image");
            if (!ContainerNetwork.Names.Contains(network))
                throw new CaviarValidationException(prefix + "network", $"'{network}' is not one of {string.Join(", ", ContainerNetwork.Names)}");
        }
        if (spec.Resources.MemoryMegabytesPerProcess is { } memory)
        {
            if (!hasImage)
                throw new CaviarValidationException(prefix + "resources.memoryMegabytesPerProcess", "limits a container: give image");
            if (memory < MinimumMemoryMegabytes)
                throw new CaviarValidationException(prefix + "resources.memoryMegabytesPerProcess", $"must be at least {MinimumMemoryMegabytes}");
        }
        if (!hasImage) return;
        ImageNames.Ensure(spec.Image, prefix + "image");
        if (spec.Algorithm is not null)
            throw new CaviarValidationException(prefix + "algorithm", "give either image or algorithm, not both");
        if (spec.WorkingDirectory is not null)
            throw new CaviarValidationException(prefix + "workingDirectory", "a container starts where its image says; not used with image");
    }

    /// <summary>The engine works and the image exists here, with an entrypoint unless a command is given.</summary>
    public static void EnsureImage(TrainingJobSpec spec, string prefix)
    {
        if (spec.Image is not null)
            ImageCheck.Ensure(spec.Image, spec.Command is { Count: > 0 }, prefix + "image", prefix + "command");
    }
}
