using System.ComponentModel;
using Caviar.Serving.Models;
using Caviar.Serving.Transform;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar transform</c>: batch transform — scores whole files offline, one NAME.out per input; a file with a bad
/// record gets none, the others are scored, and the run ends with one error line per bad file (exit 2).
/// </summary>
internal sealed class TransformCommand : Command<TransformCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("An .onnx file or a model folder, as for 'caviar deploy --model'.")]
        public string Model { get; init; } = "";

        [CommandOption("--input <FILE|DIR>")]
        [Description("A .csv, .jsonl or .parquet file, or a folder of them.")]
        public string Input { get; init; } = "";

        [CommandOption("--output <DIR>")]
        [Description("Where NAME.out goes for each input NAME (one CSV line per row, in order).")]
        public string Output { get; init; } = "";

        [CommandOption("--batch <ROWS>")]
        [Description("Rows per ONNX Runtime run (default 256).")]
        public int Batch { get; init; } = 256;

        [CommandOption("--parallel <N>")]
        [Description("Files scored at once (default 1).")]
        public int Parallel { get; init; } = 1;

        [CommandOption("--resume")]
        [Description("Skip inputs whose NAME.out is already complete (outputs are written under a temporary name, then renamed).")]
        public bool Resume { get; init; }

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime intra-op threads (default 0: one per physical core).")]
        public int Threads { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            if (settings.Model.Length == 0) throw new Caviar.Validation.CaviarValidationException("--model", "required");
            if (settings.Output.Length == 0) throw new Caviar.Validation.CaviarValidationException("--output", "required");
            var options = new TransformOptions
            {
                ModelPath = ModelSource.FromPath(settings.Model, "--model"), Input = settings.Input, Output = settings.Output,
                Batch = settings.Batch, Parallel = settings.Parallel, Resume = settings.Resume, IntraOpThreads = settings.Threads,
            };
            int files = BatchTransform.Inputs(settings.Input).Count;
            IReadOnlyList<BatchTransform.FileResult> results = [];
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("transform", maxValue: files);
                    results = BatchTransform.RunAsync(options, _ => task.Increment(1), cancellation).GetAwaiter().GetResult();
                });
            int skipped = results.Count(r => r.Skipped);
            var failed = results.Where(r => r.Error is not null).ToList();
            AnsiConsole.MarkupLine($"Scored {results.Sum(r => r.Rows)} rows of {results.Count - skipped - failed.Count} files into {Markup.Escape(Path.GetFullPath(settings.Output))}" +
                                   (skipped > 0 ? $"; skipped {skipped} complete" : "") + (failed.Count > 0 ? $"; {failed.Count} failed, with no output" : ""));
            // As SageMaker's Batch Transform: the other files are scored, and the run fails naming each bad file.
            if (failed.Count > 0)
                throw new Caviar.Validation.CaviarValidationException(failed.Select(f => new Caviar.Validation.ValidationError("--input", f.Error!)).ToList());
            return 0;
        });
}
