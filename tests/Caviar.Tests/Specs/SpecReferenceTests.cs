using Caviar.SpecDocs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Specs;

/// <summary>docs/spec-reference.md is what tools/Caviar.SpecDocs generates from the spec types' documentation comments.</summary>
public class SpecReferenceTests
{
    [Fact]
    public void The_checked_in_spec_reference_is_up_to_date()
    {
        string generated = SpecReference.Generate();
        string checkedIn = File.ReadAllText(RepositoryRoot.File("docs/spec-reference.md"));
        Assert.True(generated == checkedIn,
            "docs/spec-reference.md is stale: run `dotnet run --project tools/Caviar.SpecDocs` and commit the result");
    }

    [Fact]
    public void The_reference_documents_spec_fields_ranges_and_built_in_hyperparameters()
    {
        string generated = SpecReference.Generate();
        Assert.Contains("| `enqueue` | list of object of JSON value | Configurations evaluated first", generated);
        Assert.Contains("## ContinuousRange", generated);
        Assert.Contains("| `step` |", generated);
        Assert.Contains("| `learning_rate` | Continuous | (0, 1] | 0.1 | yes |", generated);
        Assert.DoesNotContain("| `effectiveScaling` |", generated);      // computed, not a field
    }
}
