using System.Text.Json;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage.Relational;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.SearchSpaces;

/// <summary>Categorical choices of any JSON scalar, handed back typed (long, double, bool, string), not as text.</summary>
public class TypedCategoricalTests
{
    [Fact]
    public void Suggested_choices_come_back_typed_and_stay_typed_in_the_store()
    {
        using var dir = new TempDirectory();
        using (var store = SqliteStudyStore.Open(dir.File("s.db")))
        {
            var study = Study.Create(store, "typed", ObjectiveDirection.Minimize, new StudyOptions { Seed = 2 });
            study.Optimize(trial =>
            {
                int batch = trial.SuggestCategorical("batch", 32, 64);
                double dropout = trial.SuggestCategorical("dropout", 0.1, 0.5);
                bool norm = trial.SuggestCategorical("norm", true, false);
                return batch * dropout + (norm ? 0 : 1);
            }, new TuningLimits { MaxTrials = 6 });
        }
        using var reopened = SqliteStudyStore.Open(dir.File("s.db"));
        var trials = Study.Load(reopened, "typed").Trials;
        Assert.All(trials, t =>
        {
            Assert.IsType<long>(t.ExternalParams["batch"]);
            Assert.IsType<double>(t.ExternalParams["dropout"]);
            Assert.IsType<bool>(t.ExternalParams["norm"]);
        });
        Assert.Contains(trials, t => (bool)t.ExternalParams["norm"]);
        Assert.Matches(@"^trial 0 Completed value=\S+ \{batch=(32|64), dropout=0\.[15], norm=(true|false)\}$", trials[0].ToString());
    }

    [Fact]
    public void A_spec_may_list_numbers_booleans_and_strings_and_old_stored_choices_stay_strings()
    {
        var spec = TuningSpecLoader.Parse("""
            { "name": "s", "objective": { "function": "branin" }, "limits": { "maxTrials": 5 }, "strategy": "Random",
              "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": -5, "maxValue": 10 },
                                        { "type": "continuous", "name": "x2", "minValue": 0, "maxValue": 15 },
                                        { "type": "categorical", "name": "c", "values": [32, 0.5, true, "adam"] } ] }
            """);
        var range = (CategoricalRange)spec.Spec.HyperParameterRanges![2];
        Assert.Equal([32L, 0.5, true, "adam"], range.Values);
        Assert.Equal(range, DistributionJson.Read(DistributionJson.Write(range)));
        Assert.Equal(3, range.ToInternal("adam"));
        Assert.Equal(0, range.ToInternal(32));          // an int given in code finds the long choice

        var old = (CategoricalRange)DistributionJson.Read("""{"type":"categorical","name":"o","values":["sgd","128"]}""");
        Assert.Equal(["sgd", "128"], old.Values);
        Assert.IsType<string>(old.ToExternal(1));
    }

    [Fact]
    public void A_choice_that_is_not_a_scalar_or_repeats_is_refused_naming_it()
    {
        var nested = Assert.Throws<CaviarValidationException>(() => new CategoricalRange("c", [1, new int[] { 2 }]).Validate("r"));
        Assert.Equal(("r.values[1]", "must be a string, an integer, a finite number or a boolean"), (nested.Field, nested.Reason));
        var repeated = Assert.Throws<CaviarValidationException>(() => new CategoricalRange("c", [1, 1L]).Validate("r"));
        Assert.Equal(("r.values", "'1' is listed more than once"), (repeated.Field, repeated.Reason));
    }

    [Fact]
    public void A_tuned_boolean_reaches_the_job_as_a_json_boolean()
    {
        using var dir = new TempDirectory();
        HyperParameterFile.Write(dir.File("h.json"), new Dictionary<string, JsonElement>(),
            new Dictionary<string, object> { ["batch_norm"] = false, ["units"] = 64L, ["name"] = "adam" });
        using var written = JsonDocument.Parse(File.ReadAllText(dir.File("h.json")));
        Assert.Equal(JsonValueKind.False, written.RootElement.GetProperty("batch_norm").ValueKind);
        Assert.Equal(64, written.RootElement.GetProperty("units").GetInt64());
    }
}
