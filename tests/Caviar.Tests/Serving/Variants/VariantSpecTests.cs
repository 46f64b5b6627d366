using Caviar.Serving.Variants;
using Caviar.Validation;

namespace Caviar.Tests.Serving;

public class VariantSpecTests
{
    [Fact]
    public void Name_path_and_weight_are_parsed_and_the_weight_defaults_to_one()
    {
        var spec = VariantSpec.Parse("b=/models/m.onnx:0.25");
        Assert.Equal(("b", "/models/m.onnx", 0.25), (spec.Name, spec.ModelPath, spec.Weight));
        var unweighted = VariantSpec.Parse("c=/models/m.onnx");
        Assert.Equal(("/models/m.onnx", 1.0), (unweighted.ModelPath, unweighted.Weight));
        Assert.Equal(Path.GetFullPath("rel/m.onnx"), VariantSpec.Parse("d=rel/m.onnx:2").ModelPath);
    }

    [Theory]
    [InlineData("/models/m.onnx", "is not NAME=PATH:WEIGHT")]
    [InlineData("a b=/m.onnx", "must be 1-63 letters")]
    [InlineData("a=/m.onnx:-1", "must be a finite number >= 0")]
    [InlineData("a=:1", "names no model")]
    public void Bad_variants_are_refused(string text, string reason)
    {
        var error = Assert.Throws<CaviarValidationException>(() => VariantSpec.Parse(text));
        Assert.Equal("--variant", error.Field);
        Assert.Contains(reason, error.Reason);
    }
}
