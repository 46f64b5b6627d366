using System.Globalization;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Studies;

/// <summary>A TrialRecord prints as one readable line with its parameters as given, in any culture.</summary>
public class TrialRecordTextTests
{
    [Fact]
    public void A_trial_prints_its_number_state_value_and_parameters_as_given()
    {
        var study = Study.CreateOrLoad(new InMemoryStudyStore(), "text", ObjectiveDirection.Minimize, new StudyOptions { Seed = 3 });
        var space = new SearchSpace([new ContinuousRange("lr", 0.001, 0.1), new IntegerRange("layers", 1, 4),
            new CategoricalRange("optimizer", ["sgd", "adam"])]);
        var trial = study.Ask(space);
        trial.Report(1, 0.5);
        trial.Report(2, 0.25);
        var record = study.Tell(trial, 0.125);

        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");   // a decimal comma must not leak in
        try
        {
            var p = record.ExternalParams;
            string lr = ((double)p["lr"]).ToString("R", CultureInfo.InvariantCulture);
            Assert.Equal($"trial 0 Completed value=0.125 {{lr={lr}, layers={p["layers"]}, optimizer={p["optimizer"]}}} 2 intermediate values",
                record.ToString());
            Assert.Contains(p["optimizer"], new object[] { "sgd", "adam" });
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var failed = study.Tell(study.Ask(space), TrialState.Failed, "out of memory");
        Assert.Matches(@"^trial 1 Failed \{lr=[0-9.E-]+, layers=\d, optimizer=(sgd|adam)\}: out of memory$", failed.ToString());
    }
}
