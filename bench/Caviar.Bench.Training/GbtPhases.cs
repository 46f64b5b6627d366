using System.Diagnostics;
using Caviar.Algorithms.LightGbm;
using Caviar.Algorithms.Tabular;

namespace Caviar.Bench.Training;

/// <summary>
/// Where gbt's training time goes, phase by phase, with the same calls <see cref="GradientBoostedTrees.Train"/>
/// makes: the LightGBM datasets (training binned, validation on its bins), the booster, the iterations, the
/// per-iteration validation metric, model.txt and model.onnx. Each phase's median wall time and process CPU time
/// (all threads; steadier than wall time on a loaded machine) over the runs is printed, for
/// gbt's parameters as they are plus any extra LightGBM keys given (e.g. <c>force_row_wise=true</c>).
/// </summary>
public static class GbtPhases
{
    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>CPU time of the whole process (all threads, LightGBM's OpenMP workers included), in seconds.</summary>
    private static double ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    public static void Print(TabularData train, TabularData validation, TabularTask task, int threads, int runs, int iterations, params string[] extraKeys)
    {
        var settings = new TabularSettings { Iterations = iterations, LearningRate = 0.1, Leaves = 31, Threads = threads };
        int classes = task == TabularTask.Multiclass ? train.Labels.Distinct().Count() : task == TabularTask.Binary ? 2 : 0;
        float[] Labels(TabularData d) => [.. d.Labels.Select(l => (float)l)];
        var trainLabels = Labels(train);
        var validationLabels = Labels(validation);
        string directory = Directory.CreateTempSubdirectory("caviar-gbt-phases-").FullName;
        var phases = new Dictionary<string, List<double>>();
        var cpuPhases = new Dictionary<string, List<double>>();
        void Add(string phase, double seconds) => (phases.TryGetValue(phase, out var l) ? l : phases[phase] = []).Add(seconds);
        void AddCpu(string phase, double seconds) => (cpuPhases.TryGetValue(phase, out var l) ? l : cpuPhases[phase] = []).Add(seconds);
        for (int run = 0; run <= runs; run++)
        {
            var parameters = GbtParameters.For(settings, task, classes);
            foreach (var key in extraKeys) parameters.Set(key.Split('=')[0], key.Split('=')[1]);
            var total = Stopwatch.StartNew();
            var watch = Stopwatch.StartNew();
            var cpu = new Dictionary<string, double>();
            double cpuMark = ProcessCpu();
            double Lap() { double s = watch.Elapsed.TotalSeconds; watch.Restart(); return s; }
            void Cpu(string phase) { double now = ProcessCpu(); cpu[phase] = cpu.GetValueOrDefault(phase) + now - cpuMark; cpuMark = now; }
            using var trainSet = LightGbmDataset.FromRows(train.Features, trainLabels, parameters);
            double trainSetSeconds = Lap(); Cpu("training dataset (copy rows + bins)");
            using var validationSet = LightGbmDataset.FromRows(validation.Features, validationLabels, parameters, trainSet);
            double validationSetSeconds = Lap(); Cpu("validation dataset");
            using var booster = LightGbmBooster.Create(trainSet, parameters);
            booster.AddValidation(validationSet);
            var names = booster.MetricNames();
            double boosterSeconds = Lap(); Cpu("booster + validation added");
            double updateSeconds = 0, evalSeconds = 0;
            for (int i = 0; i < settings.Iterations; i++)
            {
                booster.UpdateOneIteration();
                updateSeconds += Lap(); Cpu("UpdateOneIter (all)");
                GbtMetrics.FromLightGbm(names, booster.Evaluate(1));
                evalSeconds += Lap(); Cpu("GetEval (all)");
            }
            string text = booster.ModelText();
            File.WriteAllText(Path.Combine(directory, "model.txt"), text);
            double saveSeconds = Lap(); Cpu("model text + model.txt");
            var model = LightGbmTextModel.Parse(text);
            double dumpSeconds = Lap(); Cpu("model text read");
            File.WriteAllBytes(Path.Combine(directory, "model.onnx"), LightGbmOnnxExport.Export(model, classes > 0 ? [.. Enumerable.Range(0, classes).Select(c => (long)c)] : null));
            double onnxSeconds = Lap(); Cpu("ONNX export + write");
            if (run == 0) continue;   // warm-up: JIT, lib_lightgbm loading
            Add("training dataset (copy rows + bins)", trainSetSeconds);
            Add("validation dataset", validationSetSeconds);
            Add("booster + validation added", boosterSeconds);
            Add("UpdateOneIter (all)", updateSeconds);
            Add("GetEval (all)", evalSeconds);
            Add("model text + model.txt", saveSeconds);
            Add("model text read", dumpSeconds);
            Add("ONNX export + write", onnxSeconds);
            Add("total", total.Elapsed.TotalSeconds);
            foreach (var (phase, seconds) in cpu) AddCpu(phase, seconds);
            AddCpu("total", cpu.Values.Sum());
        }
        Console.WriteLine($"\ngbt phases, {train.Count} rows x {train.Features[0].Length} features, {iterations} iterations, {threads} threads, median of {runs} after one warm-up{(extraKeys.Length > 0 ? ", with " + string.Join(" ", extraKeys) : "")}:");
        Console.WriteLine($"  {"phase",-38} {"wall s",8}   {"CPU s",8}   wall runs");
        foreach (var (phase, values) in phases)
            Console.WriteLine($"  {phase,-38} {Median(values),8:F4}   {Median(cpuPhases[phase]),8:F4}   {string.Join(", ", values.Select(v => v.ToString("F3")))}");
    }
}
