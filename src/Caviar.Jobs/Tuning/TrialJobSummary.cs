using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Specs;
using Caviar.Storage;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// The training job behind a trial of a tuning job: its name, its model folder and the last value of every metric
/// it logged (empty until it finished).
/// </summary>
public sealed record TrialJobSummary(string JobName, string ModelPath, IReadOnlyDictionary<string, double> FinalMetrics)
{
    /// <summary>Null when the study's trials ran no training job (a test function, or a study made in code).</summary>
    public static TrialJobSummary? Of(StudyRecord study, int trialNumber, string artifactsRoot)
    {
        if (SpecOf(study)?.TrainingJob is null) return null;
        string name = TrialJobNames.For(study.Name, trialNumber);
        var job = JobDirectory.For(artifactsRoot, name);
        return new TrialJobSummary(name, job.ModelDirectory,
            JobStatus.Read(job.StatusFile)?.FinalMetrics ?? new Dictionary<string, double>());
    }

    /// <summary>The tuning spec kept with a study created from one (null for studies made through the library).</summary>
    public static TuningSpec? SpecOf(StudyRecord study)
    {
        if (study.Configuration is null) return null;
        try { return JsonSerializer.Deserialize<TuningSpec>(study.Configuration, SpecJson.Options); }
        catch (JsonException) { return null; }
    }
}
