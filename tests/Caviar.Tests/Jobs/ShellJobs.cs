using Caviar.Jobs.Specs;

namespace Caviar.Tests.Jobs;

/// <summary>Training jobs written as small bash scripts, for testing the runner with real processes.</summary>
internal static class ShellJobs
{
    public static TrainingJobSpec Script(string script, params MetricDefinition[] metrics) => new()
    {
        Name = "shell-job",
        Command = ["/bin/bash", "-c", script],
        MetricDefinitions = [.. metrics],
    };

    public static readonly MetricDefinition Loss = new() { Name = "loss", Regex = @"epoch=(?<step>\d+) loss=(?<value>\S+)" };

    /// <summary>
    /// Counts epochs 1..N, checkpointing after each; on start resumes after the checkpoint. Sleeps between epochs
    /// and dies on its own (exit 3, no failure file) at epoch DIE_AT on the first attempt only.
    /// </summary>
    public const string CheckpointingCounter = """
        set -e
        epochs=${EPOCHS:-5}
        start=1
        if [ -f "$CAVIAR_CHECKPOINT_DIR/epoch" ]; then start=$(( $(cat "$CAVIAR_CHECKPOINT_DIR/epoch") + 1 )); echo "resumed at $start"; fi
        for e in $(seq $start $epochs); do
          if [ "$CAVIAR_ATTEMPT" = "0" ] && [ "$e" = "${DIE_AT:-0}" ]; then exit 3; fi
          echo "epoch=$e loss=$(awk "BEGIN { printf \"%.4f\", 1/$e }")"
          echo $e > "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" && mv "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" "$CAVIAR_CHECKPOINT_DIR/epoch"
          sleep ${SLEEP:-0}
        done
        echo done > "$CAVIAR_MODEL_DIR/model.txt"
        """;
}
