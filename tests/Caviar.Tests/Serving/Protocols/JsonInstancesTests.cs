using System.Text;
using Caviar.Serving.Http;
using Caviar.Serving.Protocols;

namespace Caviar.Tests.Serving;

/// <summary>The one-pass reader of SageMaker JSON bodies: nesting, other properties, and each refusal's reason.</summary>
public class JsonInstancesTests
{
    private static FeatureRows Parse(string json, int features) => JsonInstances.Parse(Encoding.UTF8.GetBytes(json), features);

    private static string Refusal(string json, int features) => Assert.Throws<InferenceException>(() => Parse(json, features)).Message;

    [Fact]
    public void Nested_instances_are_flattened_row_by_row_and_other_properties_skipped()
    {
        var rows = Parse("{\"meta\": {\"instances\": [9]}, \"instances\": [[[1, 2], [3, 4]], [[5, 6], [7, 8.5]]], \"tail\": [true, null]}", 4);
        Assert.Equal(2, rows.Count);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8.5f], rows.Values);
        var many = Parse("{\"instances\": [" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"[{i}, {i}.5]")) + "]}", 2);
        Assert.Equal(200, many.Values.Length);
        Assert.Equal(99.5f, many.Values[^1]);
    }

    [Theory]
    [InlineData("[[1, 2]]", "the body must be {\"instances\"")]
    [InlineData("{\"rows\": [[1, 2]]}", "the body must be {\"instances\"")]
    [InlineData("{\"instances\": {\"a\": 1}}", "the body must be {\"instances\"")]
    [InlineData("{\"instances\": []}", "\"instances\" is empty")]
    [InlineData("{\"instances\": [[1, 2], 3]}", "instance 2 is not an array of numbers")]
    [InlineData("{\"instances\": [[1, 2], [1]]}", "instance 2 has 1 values; the model takes 2")]
    [InlineData("{\"instances\": [[1, \"x\"]]}", "instance 1: \"x\" is not a number")]
    [InlineData("{\"instances\": [[1, {\"v\": 2}]]}", "instance 1: {…} is not a number")]
    [InlineData("{\"instances\": [[1, 1e39]]}", "instance 1: 1e39 is out of the float range")]
    [InlineData("{\"instances\": [[1, 2]]", "the body is not JSON")]
    [InlineData("{\"instances\": [[1, 2]]} trailing", "the body is not JSON")]
    public void Bad_bodies_are_refused_with_the_instance_named(string json, string reason)
    {
        Assert.Contains(reason, Refusal(json, 2));
    }
}
