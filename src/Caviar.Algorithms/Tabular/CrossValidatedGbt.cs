using Caviar.Algorithms.Data;
using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// gbt with <c>cross_validation_folds</c>, as LightGBM's own <c>cv()</c> does it: one booster per fold, grown in
/// lock-step; after each iteration the mean of the folds' validation metrics is printed as the usual line
/// (<c>iteration=N val_logloss=V val_accuracy=V</c>, or <c>val_rmse</c>), so pruners and early stopping see one stream,
/// and early stopping watches that mean. Then each fold's values at the best iteration (<c>fold=K …</c>), and the model
/// is refit on every row of the train channel for the best iteration's number of trees (as a LightGBM user refits
/// after <c>cv()</c>); its files are those of <see cref="GradientBoostedTrees"/>. The last line, <c>final …</c>, holds the
/// mean over the folds: the trial's value.
/// </summary>
public sealed class CrossValidatedGbt(TabularSettings settings, TextWriter log)
{
    public IReadOnlyDictionary<string, double> Train(TabularData all, CrossValidationFolds folds, TabularTask task, string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        double[] classes = GradientBoostedTrees.ClassesOf(task, all.Labels);
        var parameters = GbtParameters.For(settings, task, classes.Length);
        var labels = GradientBoostedTrees.LabelsFor(all, task, classes);

        var sets = new List<LightGbmDataset>();
        var boosters = new List<LightGbmBooster>();
        try
        {
            for (int fold = 0; fold < folds.Count; fold++)
            {
                int[] trainRows = folds.Training(fold), validationRows = folds.Validation[fold];
                var trainSet = LightGbmDataset.FromRows(Rows(all.Features, trainRows), Rows(labels, trainRows), parameters);
                sets.Add(trainSet);
                var validationSet = LightGbmDataset.FromRows(Rows(all.Features, validationRows), Rows(labels, validationRows), parameters, trainSet);
                sets.Add(validationSet);
                var booster = LightGbmBooster.Create(trainSet, parameters);
                boosters.Add(booster);
                booster.AddValidation(validationSet);
            }
            var names = boosters[0].MetricNames();
            var history = new List<IReadOnlyDictionary<string, double>[]>();
            var stopping = new EarlyStopping(settings.EarlyStoppingRounds);
            for (int iteration = 1; iteration <= settings.Iterations; iteration++)
            {
                int finished = boosters.Count(booster => !booster.UpdateOneIteration());
                if (finished > 0)
                {
                    Write($"LightGBM stopped growing trees after iteration {iteration - 1} of {settings.Iterations}: no leaf could be split " +
                          $"further in {finished} of {folds.Count} folds (num_leaves={settings.Leaves}, min_data_in_leaf={settings.MinDataInLeaf})");
                    break;
                }
                var perFold = boosters.Select(b => (IReadOnlyDictionary<string, double>)GbtMetrics.FromLightGbm(names, b.Evaluate(1))).ToArray();
                history.Add(perFold);
                var mean = CrossValidationFolds.Mean(perFold);
                Write($"iteration={iteration} " + GradientBoostedTrees.Line(mean));
                if (stopping.Observe(iteration, mean[GbtMetrics.Watched(mean)], mean))
                {
                    Write($"early stopping after iteration {iteration}: no better mean {GbtMetrics.Watched(mean)} over the folds for " +
                          $"{settings.EarlyStoppingRounds} iterations; keeping iteration {stopping.BestIteration}");
                    break;
                }
            }
            int best = stopping.BestIteration;
            // Iteration 0 (no tree could be split at all): each fold keeps LightGBM's constant tree.
            var foldMetrics = best > 0 ? history[best - 1]
                : boosters.Select(b => (IReadOnlyDictionary<string, double>)GbtMetrics.FromLightGbm(names, b.Evaluate(1))).ToArray();
            for (int fold = 0; fold < folds.Count; fold++)
                Write($"fold={fold + 1} {GradientBoostedTrees.Line(foldMetrics[fold])}");
            var result = CrossValidationFolds.Mean(foldMetrics);

            int trees = Refit(all, labels, parameters, Math.Max(best, 1), classes, modelDirectory);
            Write($"refit on all {all.Count} rows: {trees} iterations");
            Write($"final {GradientBoostedTrees.Line(result)} best_iteration={best}");
            return result;
        }
        finally
        {
            foreach (var booster in boosters) booster.Dispose();
            foreach (var set in sets) set.Dispose();
        }
    }

    /// <summary>Trains on every row for <paramref name="iterations"/> iterations (fewer if no leaf can split) and saves the model.</summary>
    private static int Refit(TabularData all, float[] labels, LightGbmParameters parameters, int iterations, double[] classes, string modelDirectory)
    {
        using var set = LightGbmDataset.FromRows(all.Features, labels, parameters);
        using var booster = LightGbmBooster.Create(set, parameters);
        int trained = 0;
        while (trained < iterations && booster.UpdateOneIteration()) trained++;
        GradientBoostedTrees.SaveModel(booster.ModelText(), classes, modelDirectory);
        return trained;
    }

    private static T[] Rows<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();

    private void Write(string line)
    {
        log.WriteLine(line);
        log.Flush();
    }
}
