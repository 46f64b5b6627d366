using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class JobModelTests(TabularModels models)
{
    private static void CopyModel(string from, string jobFolder)
    {
        Directory.CreateDirectory(jobFolder);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(jobFolder, Path.GetFileName(file)));
    }

    private async Task<float> Served(string artifacts, string name, params string[] args)
    {
        using var endpoint = await EndpointProcess.Start(artifacts, name, args);
        using var response = await endpoint.Invoke(models.Csv(0, 1), "text/csv", "application/json");
        return ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0];
    }

    [Fact]
    public async Task A_training_jobs_model_and_a_tuning_jobs_best_trial_are_served_by_name()
    {
        using var artifacts = new TempDirectory();
        // Trial n of tuning job "tune" trained as job tune-000n; trial 1 is the best (maximized).
        CopyModel(models.LinearDirectory, artifacts.File("jobs/tune-0000/model"));
        CopyModel(models.GbtDirectory, artifacts.File("jobs/tune-0001/model"));
        CopyModel(models.LinearDirectory, artifacts.File("jobs/tune-0002/model"));
        using (var store = SqliteStudyStore.Open(artifacts.File("caviar.db")))
        {
            var study = Study.Create(store, "tune", ObjectiveDirection.Maximize);
            foreach (var value in new[] { 0.5, 0.9, 0.7 }) study.Tell(study.Ask(), value);
        }

        float linear = await Served(artifacts.Path, "by-training-job", "--training-job", "tune-0000");
        float gbt = await Served(artifacts.Path, "by-tuning-job", "--tuning-job", "tune", "--store", artifacts.File("caviar.db"));
        Assert.Equal(await Served(artifacts.Path, "linear-file", "--model", models.LinearOnnx), linear);
        Assert.Equal(await Served(artifacts.Path, "gbt-file", "--model", models.GbtOnnx), gbt);
        Assert.NotEqual(linear, gbt);
    }
}
