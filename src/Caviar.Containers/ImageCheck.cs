using Caviar.Validation;

namespace Caviar.Containers;

/// <summary>
/// Checks, before anything is started, that an image can run: the engine is installed and works, the image exists
/// locally, and it has an entrypoint unless a command is given. Each refusal names the field.
/// </summary>
public static class ImageCheck
{
    /// <summary>
    /// The configuration of <paramref name="image"/> once checked; refusals name <paramref name="imageField"/> (no
    /// engine, no such image) or <paramref name="commandField"/> (no entrypoint and no command given).
    /// </summary>
    public static ImageConfig Ensure(string? image, bool commandGiven, string imageField, string commandField)
    {
        ImageNames.Ensure(image, imageField);
        ContainerEngine engine;
        ImageConfig? config;
        try
        {
            engine = ContainerEngine.Find();
            config = engine.InspectImage(image!);
        }
        catch (ContainerEngineException error)
        {
            throw new CaviarValidationException(imageField, error.Message);
        }
        if (config is null)
            throw new CaviarValidationException(imageField,
                $"image '{image}' does not exist here (podman images lists the local ones; caviar image build DIR --tag {image} builds one)");
        if (!commandGiven && config.Entrypoint.Count == 0)
            throw new CaviarValidationException(commandField,
                $"image '{image}' has no entrypoint: give a command, or build it with ENTRYPOINT (Caviar runs the entrypoint with 'train' or 'serve')");
        return config;
    }
}
