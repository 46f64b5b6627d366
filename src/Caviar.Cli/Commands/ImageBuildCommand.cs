using System.ComponentModel;
using Caviar.Cli.Conventions;
using Caviar.Containers;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar image build DIR --tag T</c>: builds an image from DIR's Containerfile (or Dockerfile) with Podman and
/// Caviar's container settings (containers.conf), printing the engine's output as it goes.
/// </summary>
internal sealed class ImageBuildCommand : Command<ImageBuildCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The build context: a folder holding a Containerfile or Dockerfile.")]
        public string Directory { get; init; } = "";

        [CommandOption("--tag <IMAGE>")]
        [Description("The image's name, e.g. local/my-algo:1 (required).")]
        public string? Tag { get; init; }

        [CommandOption("--file <PATH>")]
        [Description("The Containerfile to build from (default: DIR/Containerfile, else DIR/Dockerfile).")]
        public string? File { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            if (!System.IO.Directory.Exists(settings.Directory))
                throw new CaviarValidationException("DIR", $"'{settings.Directory}' is not a folder");
            ImageNames.Ensure(settings.Tag, "--tag");
            string? file = settings.File ?? new[] { "Containerfile", "Dockerfile" }
                .Select(name => Path.Combine(settings.Directory, name)).FirstOrDefault(System.IO.File.Exists);
            if (file is null || !System.IO.File.Exists(file))
                throw new CaviarValidationException(settings.File is null ? "DIR" : "--file",
                    settings.File is null ? $"'{settings.Directory}' has no Containerfile or Dockerfile" : $"'{settings.File}' does not exist");
            ContainerEngine engine;
            try { engine = ContainerEngine.Find(); }
            catch (ContainerEngineException missing) { throw new CaviarValidationException("engine", missing.Message); }

            var start = engine.StartInfo(["build", "--tag", settings.Tag!, "--file", Path.GetFullPath(file), Path.GetFullPath(settings.Directory)]);
            start.RedirectStandardOutput = start.RedirectStandardError = false;   // the engine's progress straight to the terminal
            using var build = System.Diagnostics.Process.Start(start)!;
            build.WaitForExit();
            if (build.ExitCode != 0)
            {
                CliConsole.WriteError("build", $"podman build exited with code {build.ExitCode}");
                return CliErrors.Failed;
            }
            return 0;
        });
}
