using System.ComponentModel;
using System.Security.Cryptography;
using Caviar.Server;
using Caviar.Specs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar serve</c>: the HTTP API on loopback, behind a bearer token.</summary>
internal sealed class ServeCommand : Command<ServeCommand.Settings>
{
    public sealed class Settings : LaunchSettings
    {
        [CommandOption("--urls <URL>")]
        [Description("Where to listen (default http://127.0.0.1:8080: this machine only).")]
        public string Url { get; init; } = "http://127.0.0.1:8080";

        [CommandOption("--token <TOKEN>")]
        [Description("The bearer token clients must send (default: $CAVIAR_API_TOKEN, else a new random one, printed).")]
        public string? Token { get; init; }

        [CommandOption("--data-root <DIR>")]
        [Description("A folder whose files jobs submitted through the API may use as channels; repeat for several. " +
                     "Default: none, so such jobs may have no channels.")]
        public string[] DataRoots { get; init; } = [];

        [CommandOption("--max-body-bytes <BYTES>")]
        [Description("The largest request body accepted; larger ones are answered 413 (default 1048576: 1 MiB).")]
        public long MaxBodyBytes { get; init; } = ServerOptions.DefaultMaxRequestBodyBytes;
    }

    /// <summary>The flag behind each server option, so a refusal names what the user typed.</summary>
    private static readonly Dictionary<string, string> FlagOfOption = new(StringComparer.Ordinal)
    {
        [nameof(ServerOptions.Token)] = "--token", [nameof(ServerOptions.DataRoots)] = "--data-root",
        [nameof(ServerOptions.MaxRequestBodyBytes)] = "--max-body-bytes",
    };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            string token = settings.Token ?? Environment.GetEnvironmentVariable("CAVIAR_API_TOKEN")
                           ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            WebApplication? app = null;
            SpecPaths.Renamed(() => app = CaviarApi.Build(new ServerOptions
            {
                Url = settings.Url, Token = token, OpenStore = settings.OpenStore, ArtifactsRoot = settings.ResolveArtifacts(),
                Launcher = settings.CreateLauncher(), LauncherKind = settings.Kind(), DataRoots = settings.DataRoots, MaxRequestBodyBytes = settings.MaxBodyBytes,
            }), FlagOfOption);
            AnsiConsole.MarkupLine($"Caviar API on {Markup.Escape(settings.Url)}/api — send 'Authorization: Bearer {Markup.Escape(token)}'; " +
                                   $"dashboard on {Markup.Escape(settings.Url)}/ (paste the token)");
            app!.StartAsync(cancellation).GetAwaiter().GetResult();
            app.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
            return 0;
        });
}
