// Example Caviar training job in C#: the same contract and algorithm as examples/jobs/python/train.py.
using System.Globalization;
using System.Text.Json;
using Caviar.Examples.LinearJob;

string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
try
{
    var hp = HyperParameters.Read(Env("CAVIAR_HYPERPARAMETERS"));
    Console.WriteLine($"job {Environment.GetEnvironmentVariable("CAVIAR_JOB_NAME")} attempt {Environment.GetEnvironmentVariable("CAVIAR_ATTEMPT")}");
    var trainRows = CsvRows.Read(Env("CAVIAR_CHANNEL_TRAIN"));
    List<double[]> validationRows;
    if (Environment.GetEnvironmentVariable("CAVIAR_CHANNEL_VALIDATION") is { } validationPath)
        validationRows = CsvRows.Read(validationPath);
    else
    {
        int cut = (int)(trainRows.Count * 0.8);      // split before any preprocessing
        validationRows = trainRows[cut..];
        trainRows = trainRows[..cut];
    }
    var scale = new Standardiser(trainRows);
    var train = trainRows.Select(scale.Apply).ToList();
    var validation = validationRows.Select(scale.Apply).ToList();

    string checkpoint = Path.Combine(Env("CAVIAR_CHECKPOINT_DIR"), "checkpoint.json");
    var model = LinearModel.Zero(train[0].X.Length);
    if (File.Exists(checkpoint))
    {
        model = JsonSerializer.Deserialize<LinearModel>(File.ReadAllText(checkpoint))!;
        Console.WriteLine($"resumed from epoch {model.Epoch}");
    }
    double valLoss = model.MeanSquaredError(validation);
    for (int epoch = model.Epoch + 1; epoch <= hp.Epochs; epoch++)
    {
        if (epoch == hp.FailAtEpoch) throw new InvalidOperationException($"fail_at_epoch reached at epoch {epoch}");
        model = model.TrainEpoch(train, hp, epoch);
        double trainLoss = model.MeanSquaredError(train);
        valLoss = model.MeanSquaredError(validation);
        if (!double.IsFinite(trainLoss) || !double.IsFinite(valLoss))
            throw new InvalidOperationException($"loss diverged at epoch {epoch} (lr={hp.Lr})");
        Console.WriteLine($"epoch={epoch} train_loss={trainLoss.ToString("G10", CultureInfo.InvariantCulture)} val_loss={valLoss.ToString("G10", CultureInfo.InvariantCulture)}");
        File.WriteAllText(checkpoint + ".tmp", JsonSerializer.Serialize(model));
        File.Move(checkpoint + ".tmp", checkpoint, overwrite: true);
        Thread.Sleep(TimeSpan.FromSeconds(hp.SleepSeconds));
    }
    string modelDir = Env("CAVIAR_MODEL_DIR");
    Directory.CreateDirectory(modelDir);
    File.WriteAllText(Path.Combine(modelDir, "model.json"), JsonSerializer.Serialize(new { model.Weights, model.Bias }));
    Console.WriteLine($"final val_loss={valLoss.ToString("G10", CultureInfo.InvariantCulture)}");
    return 0;
}
catch (Exception error)
{
    string output = Environment.GetEnvironmentVariable("CAVIAR_OUTPUT_DIR") ?? ".";
    Directory.CreateDirectory(output);
    File.WriteAllText(Path.Combine(output, "failure"), $"{error.GetType().Name}: {error.Message}\n");
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
