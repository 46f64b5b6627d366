using Caviar.Containers;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary><c>caviar image build DIR --tag T</c> with the real engine.</summary>
[Trait("Needs", "podman")]
public class ImageBuildTests
{
    [PodmanFact]
    public void Builds_the_example_from_its_containerfile_and_refuses_a_folder_without_one()
    {
        using var dir = new TempDirectory();
        ExampleImage.Ensure();   // its base image must be there
        const string tag = "local/caviar-image-build-test:1";
        var engine = ContainerEngine.Find();
        try
        {
            var built = CliRunner.Run(dir.Path, "image", "build", RepositoryRoot.File("examples/containers/algo"), "--tag", tag);
            Assert.True(built.ExitCode == 0, built.All);
            Assert.Equal(["/usr/bin/python3", "/opt/program/algo.py"], engine.InspectImage(tag)!.Entrypoint);

            var refused = CliRunner.Run(dir.Path, "image", "build", dir.Path, "--tag", tag);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("error: DIR:", refused.Error);
            Assert.Contains("has no Containerfile or Dockerfile", refused.Error.Replace("\n", ""));
        }
        finally
        {
            engine.Run("rmi", "--force", tag);
        }
    }
}
