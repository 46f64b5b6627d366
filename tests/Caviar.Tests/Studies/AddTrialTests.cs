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

    /// <summary>
    /// With several objectives and constraints the trial, its values and its constraint values also commit together
    /// (it used to be two writes: a Running trial, then its end): a refused constraint row leaves nothing.
    /// </summary>
    [Fact]
    public void An_added_trial_with_several_objectives_and_constraints_is_written_in_one_transaction()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStudyStore.Open(dir.File("s.db"));
        var study = Study.CreateOrLoad(store, "atomic-mo", [ObjectiveDirection.Minimize, ObjectiveDirection.Maximize],
            new StudyOptions { Constraints = t => [t.Values![0] - 1.0] });
        var parameters = new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 3L, ["optimizer"] = "adam" };
        var added = study.Add(Space, parameters, [0.5, 2.0]);
        Assert.Equal(TrialState.Completed, added.State);
        Assert.Equal([0.5, 2.0], added.Values!);
        Assert.Equal([-0.5], added.Constraints);
        var stored = study.Trials.Single();
        Assert.Equal((added.Id, TrialState.Completed), (stored.Id, stored.State));
        Assert.Equal([0.5, 2.0], stored.Values!);
        Assert.Equal([-0.5], stored.Constraints);

        using (var connection = new SqliteConnection($"Data Source={dir.File("s.db")};Pooling=false"))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_constraint BEFORE INSERT ON trial_constraints BEGIN SELECT RAISE(ABORT, 'no space'); END;";
            trigger.ExecuteNonQuery();
        }
        Assert.ThrowsAny<Exception>(() => study.Add(Space, parameters, [1.5, 1.0]));
        Assert.Single(study.Trials);

        // The count and finiteness checks are Tell's: refused before anything is written.
        var count = Assert.Throws<CaviarValidationException>(() => study.Add(Space, parameters, [1.0]));
        Assert.Equal("value", count.Field);
        var infinite = Assert.Throws<CaviarValidationException>(() => study.Add(Space, parameters, [1.0, double.NaN]));
        Assert.Equal(("values", "must all be finite numbers, not [1, NaN]"), (infinite.Field, infinite.Reason));
        Assert.Single(study.Trials);
    }

    [Fact]
    public void The_in_memory_store_adds_several_values_and_constraints_at_once()
    {
        var store = new Caviar.Storage.InMemoryStudyStore();
        var study = Study.Create(store, "mem", [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize]);
        var added = study.Add(Space, new Dictionary<string, object> { ["lr"] = 0.01, ["layers"] = 1L, ["optimizer"] = "sgd" },
            [1.0, 2.0], [0.25]);
        Assert.Equal((TrialState.Completed, 1.0, false), (added.State, added.Value!.Value, added.IsFeasible));
        Assert.Equal([1.0, 2.0], added.Values!);
        Assert.Equal([0.25], added.Constraints);
        Assert.Equal(added.Constraints, study.Trials.Single().Constraints);
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
