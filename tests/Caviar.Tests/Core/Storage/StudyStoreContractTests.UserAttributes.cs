using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Storage;

/// <summary>Trial user attributes (trial.SetAttribute) in every store: typed JSON scalars, overwritten by name, fixed once finished.</summary>
public abstract partial class StudyStoreContractTests
{
    [Fact]
    public void User_attributes_are_stored_typed_overwritten_by_name_and_fixed_once_the_trial_ends()
    {
        var study = Study.Create(Store, "attrs", ObjectiveDirection.Minimize);
        var trial = study.Ask();
        trial.SetAttribute("note", "first try");
        trial.SetAttribute("epochs_run", 7);
        trial.SetAttribute("epochs_run", 9);            // overwritten
        trial.SetAttribute("val_auc", 0.8125);
        trial.SetAttribute("early_stopped", true);
        trial.SetAttribute("whole_double", 2.0);
        var finished = study.Tell(trial, 0.5);

        var expected = new Dictionary<string, object>
        {
            ["note"] = "first try", ["epochs_run"] = 9L, ["val_auc"] = 0.8125, ["early_stopped"] = true, ["whole_double"] = 2.0,
        };
        Assert.Equal(expected, finished.UserAttributes);
        var stored = study.Trials.Single().UserAttributes;
        Assert.Equal(expected, stored);
        Assert.IsType<double>(stored["whole_double"]);
        Assert.Throws<InvalidOperationException>(() => Store.SetUserAttribute(trial.Id, "late", 1));
        var refused = Assert.Throws<CaviarValidationException>(() => study.Ask().SetAttribute("list", new[] { 1, 2 }));
        Assert.Equal("attributes.list", refused.Field);
        Assert.Empty(study.Trials[1].UserAttributes);
    }
}
