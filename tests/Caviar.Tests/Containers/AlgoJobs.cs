using System.Globalization;
using System.Text.Json;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>Specs of the example algorithm (examples/containers/algo/algo.py) run from its image or as a host command.</summary>
public static class AlgoJobs
{
    public static readonly MetricDefinition Loss = new() { Name = "loss", Regex = @"epoch=(?<step>\d+) loss=(?<value>\S+)" };

    /// <summary>Writes train.csv: 20 rows of y = 2x + 1 with a fixed wobble.</summary>
    public static string WriteData(TempDirectory dir)
    {
        string data = dir.File("data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "train.csv"), ["x,y", .. Enumerable.Range(0, 20).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i / 10.0},{2 * i / 10.0 + 1 + (i % 3 - 1) * 0.05}"))]);
        return data;
    }

    public static TrainingJobSpec FromImage(string name, TempDirectory dir, params (string Name, object Value)[] hyperParameters) => new()
    {
        Name = name,
        Image = ExampleImage.Ensure(),
        HyperParameters = hyperParameters.ToDictionary(h => h.Name, h => JsonSerializer.SerializeToElement(h.Value)),
        Channels = [new ChannelSpec { Name = "train", Path = WriteData(dir) }],
        MetricDefinitions = [Loss],
    };

    /// <summary>The same algorithm as a host command (Debian's Python), reading Caviar's variables.</summary>
    public static TrainingJobSpec OnHost(TrainingJobSpec fromImage) =>
        fromImage with { Image = null, Command = ["/usr/bin/python3", ExampleImage.Script, "train"] };
}
