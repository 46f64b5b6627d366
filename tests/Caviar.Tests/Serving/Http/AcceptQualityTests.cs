using System.Net;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// <c>Accept</c> with quality values (serve20): the type the client prefers is answered, not the first one listed, and
/// a type it refuses (<c>q=0</c>) is never chosen.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class AcceptQualityTests(TabularModels models)
{
    [Fact]
    public async Task The_preferred_type_is_answered_and_one_with_q_0_never()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "q", "--model", models.GbtOnnx);
        async Task<string?> Answered(string contentType, string accept)
        {
            string body = contentType == "text/csv" ? models.Csv(0, 1) : "{\"instances\": [[0.1, 0.2, 0.3]]}";
            using var response = await endpoint.Invoke(body, contentType, accept);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return response.Content.Headers.ContentType?.MediaType;
        }

        Assert.Equal("text/csv", await Answered("application/json", "application/json;q=0.5, text/csv"));
        Assert.Equal("application/json", await Answered("text/csv", "text/csv; q=0.2, application/json; q=0.9"));
        Assert.Equal("application/json", await Answered("text/csv", "text/csv;q=0, */*"));
        Assert.Equal("application/json", await Answered("text/csv", "application/json, text/csv"));   // equal quality: the first listed
        using var refused = await endpoint.Invoke(models.Csv(0, 1), "text/csv", "text/csv;q=0, application/json;q=0");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
    }
}
