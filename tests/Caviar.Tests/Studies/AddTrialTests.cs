using Caviar.SearchSpaces;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;
using Microsoft.Data.Sqlite;

namespace Caviar.Tests.Studies;

/// <summary>study.Add records a configuration evaluated elsewhere; bad values are refused naming the parameter, nothing written.</summary>
public class AddTrialTests
{
    private static readonly SearchSpace Space = new([new ContinuousRange("lr", 0.001, 0.1, ScalingType.Logarithmic),
        new IntegerRange("layers", 1, 4), new CategoricalRange("optimizer", ["sgd", "adam"])]);

    [Fact]
    public void An_added_configuration_is_a_completed_trial_with_its_values_as_given_and_becomes_the_best()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.CreateOrLoad(store, "added", ObjectiveDirection.Minimize, new StudyOptions { Seed = 1 });
        var added = study.Add(Space, new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" }, 0.5);

        Assert.Equal((0, TrialState.Completed, 0.5), (added.Number, added.State, added.Value!.Value));
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" }, added.ExternalParams);
        Assert.Equal(added.Id, study.BestTrial!.Id);

        var asked = study.Ask(Space);                      // the strategy goes on from it: the next number
        var worse = study.Tell(asked, 0.75);
        Assert.Equal(1, worse.Number);
        Assert.Equal(added.Id, study.BestTrial!.Id);
    }

    [Theory]
    [InlineData("lr", 5.0, "parameters.lr", "5 is outside [0.001, 0.1]")]
    [InlineData("optimizer", "rmsprop", "parameters.optimizer", "'rmsprop' is not one of [sgd, adam]")]
    [InlineData("momentum", 0.9, "parameters.momentum", "is not a range of the search space")]
    [InlineData("layers", null, "parameters.layers", "missing: every range of the search space needs a value")]
    public void A_value_that_does_not_fit_is_refused_naming_it_before_anything_is_written(string name, object? value, string field, string reason)
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.CreateOrLoad(store, "refused", ObjectiveDirection.Minimize, new StudyOptions { Seed = 1 });
        var parameters = new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 2L, ["optimizer"] = "sgd" };
        if (value is null) parameters.Remove(name); else parameters[name] = value;

        var refused = Assert.Throws<CaviarValidationException>(() => study.Add(Space, parameters, 1.0));
        Assert.Equal((field, reason), (refused.Field, refused.Reason));
        Assert.Empty(study.Trials);
    }

    /// <summary>
    /// The database refuses the finishing update (as a kill or a full disk between two writes would): the added trial must
    /// not be left Running, nor anything else — the trial, its values and its end commit together or not at all.
    /// </summary>
    [Fact]
    public void An_added_trial_is_written_in_one_transaction()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.CreateOrLoad(store, "atomic", ObjectiveDirection.Minimize);
        using (var connection = new SqliteConnection($"Data Source={dir.File("s.db")};Pooling=false"))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_finish BEFORE UPDATE OF state ON trials BEGIN SELECT RAISE(ABORT, 'no space'); END;";
            trigger.ExecuteNonQuery();
        }

        Assert.ThrowsAny<Exception>(() =>
            study.Add(Space, new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" }, 0.5));

        Assert.Empty(study.Trials);
    }

    [Theory]
    [InlineData("lr", 5.0, "parameters.lr", "5 is outside [0.001, 0.1]")]
    [InlineData("optimizer", "rmsprop", "parameters.optimizer", "'rmsprop' is not one of [sgd, adam]")]
    [InlineData("momentum", 0.9, "parameters.momentum", "is not a range of the search space")]
    public void An_enqueued_value_that_does_not_fit_is_refused_naming_it_before_anything_is_written(string name, object value,
        string field, string reason)
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.CreateOrLoad(store, "refused", ObjectiveDirection.Minimize);

        var refused = Assert.Throws<CaviarValidationException>(() => study.Enqueue(Space, new Dictionary<string, object> { [name] = value }));
        Assert.Equal((field, reason), (refused.Field, refused.Reason));
        Assert.Empty(study.Trials);
    }
}
