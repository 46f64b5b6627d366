using System.Text.Json;
using Caviar.Jobs.Tuning;
using Caviar.Specs;
using Caviar.Storage;

namespace Caviar.Cli.Commands;

/// <summary>The tuning spec the CLI kept with a study (null for studies made through the library).</summary>
public static class StudySpecs
{
    public static TuningSpec? Of(StudyRecord study)
    {
        if (study.Configuration is null) return null;
        try { return JsonSerializer.Deserialize<TuningSpec>(study.Configuration, SpecJson.Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>Whether the study's trials ran training jobs (named STUDY-0000, STUDY-0001, …).</summary>
    public static bool RunsTrainingJobs(StudyRecord study) => Of(study)?.TrainingJob is not null;
}
