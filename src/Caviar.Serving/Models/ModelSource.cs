using Caviar.Jobs.Specs;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Tuning;
using Caviar.Storage;
using Caviar.Validation;

namespace Caviar.Serving.Models;

/// <summary>
/// Finds the ONNX file to serve: an .onnx file as given; a model folder's model.onnx (gbt, linear); for an mlp or
/// cnn folder its fp32 export (optimized/model-fp32.onnx, written by <c>caviar optimize</c> or here, once, by the neural plugin); a
/// training job's model folder; or the model of the best trial of a tuning job.
/// </summary>
internal static class ModelSource
{
    public static string FromPath(string path, string field)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) return full;
        if (!Directory.Exists(full)) throw new CaviarValidationException(field, $"no model file or folder at {full}");
        string onnx = Path.Combine(full, "model.onnx");
        if (File.Exists(onnx)) return onnx;
        if (File.Exists(Path.Combine(full, "config.json"))) return NetworkExport(full, field);
        throw new CaviarValidationException(field, $"{full} holds neither model.onnx nor an mlp/cnn model (config.json)");
    }

    private static string NetworkExport(string directory, string field)
    {
        string fp32 = Path.Combine(directory, "optimized", "model-fp32.onnx");
        if (File.Exists(fp32)) return fp32;
        Directory.CreateDirectory(Path.GetDirectoryName(fp32)!);
        string temporary = fp32 + ".tmp";
        int exit = NeuralPluginProcess.Run(field, "serving an mlp or cnn model folder", "export-onnx", directory, temporary);
        if (exit != 0) throw new CaviarValidationException(field, $"the neural plugin could not export {directory} to ONNX (exit {exit})");
        File.Move(temporary, fp32, overwrite: true);
        return fp32;
    }

    public static string FromTrainingJob(string artifactsRoot, string job, string field = "--training-job")
    {
        JobDirectory directory;
        try
        {
            directory = JobDirectory.For(artifactsRoot, job);
        }
        catch (CaviarValidationException refused)
        {
            throw new CaviarValidationException(field, refused.Reason);
        }
        if (!Directory.Exists(directory.Root)) throw new CaviarValidationException(field, $"no training job '{job}' under {artifactsRoot}");
        return FromPath(directory.ModelDirectory, field);
    }

    public static string FromTuningJob(IStudyStore store, string artifactsRoot, string tuningJob, string field = "--tuning-job")
    {
        if (store.FindStudy(tuningJob) is null) throw new CaviarValidationException(field, $"no tuning job '{tuningJob}' in the store");
        var study = Caviar.Studies.Study.Load(store, tuningJob);
        if (study.IsMultiObjective)
            throw new CaviarValidationException(field,
                $"tuning job '{tuningJob}' has {study.Directions.Count} objectives and no single best trial; pick one of its " +
                $"Pareto front (caviar best {tuningJob}) and deploy its training job");
        var best = study.BestTrial ?? throw new CaviarValidationException(field, $"tuning job '{tuningJob}' has no completed trial yet");
        return FromTrainingJob(artifactsRoot, TrialJobNames.For(tuningJob, best.Number), field);
    }
}
