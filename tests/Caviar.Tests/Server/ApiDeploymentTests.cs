using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Cli;
using Caviar.Tests.Serving;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>
/// /api/endpoints over real HTTP: bad input is refused naming the field before any process starts; an endpoint
/// created through the API is a real <c>caviar deploy</c> process behind the API's token, seen by the command line,
/// updated without a restart (a corrupt model leaving the old one serving) and deleted.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class ApiDeploymentTests(TabularModels models)
{
    private Task<ApiServer> Start() => ApiServer.StartAsync((options, _) => options with
    {
        DataRoots = [Path.GetDirectoryName(models.LinearDirectory)!], CaviarCommand = ["dotnet", CliRunner.CaviarDll],
    });

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string?> RefusedField(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("field").GetString();
    }

    private async Task<float> Answer(string url, string token = ApiServer.Token)
    {
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, url + "/invocations") { Content = new StringContent(models.Csv(0, 1), Encoding.UTF8, "text/csv") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return ServingAnswers.Probabilities(body)[0];
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_starts_nothing()
    {
        await using var server = await Start();
        File.WriteAllText(server.Directory.File("outside.onnx"), "not under a root");
        var cases = new (object Body, string Field)[]
        {
            (new { name = "bad/name", model = models.LinearOnnx }, "name"),
            (new { name = "e" }, "model"),
            (new { name = "e", model = server.Directory.File("outside.onnx") }, "model"),
            (new { name = "e", model = models.LinearOnnx, trainingJob = "j" }, "model"),
            (new { name = "e", trainingJob = "no-such-job" }, "trainingJob"),
            (new { name = "e", model = models.LinearOnnx, maxBatch = 0 }, "maxBatch"),
            (new { name = "e", model = models.LinearOnnx, maxDelayUs = -1 }, "maxDelayUs"),
            (new { name = "e", model = models.LinearOnnx, port = 70000 }, "port"),
            (new { name = "e", model = models.LinearOnnx, device = "tpu" }, "device"),
            (new { name = "e", variants = new[] { new { name = "b c", model = models.GbtOnnx, weight = 1.0 } } }, "variants[0]"),
            (new { name = "e", variants = new[] { new { name = "b", model = "/etc/hostname", weight = 1.0 } } }, "variants[0].model"),
            (new { name = "e", model = models.LinearOnnx, variants = new[] { new { name = "main", model = models.GbtOnnx, weight = 1.0 } } }, "variants"),
        };
        foreach (var (body, field) in cases)
            Assert.Equal(field, await RefusedField(await server.Client.PostAsync("/api/endpoints", Json(body))));
        Assert.NotNull(await RefusedField(await server.Client.PostAsync("/api/endpoints", Json(new { name = "e", model = models.LinearOnnx, replicas = 2 }))));

        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/endpoints", Json(new { name = "e", model = models.LinearOnnx }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/endpoints/e")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync("/api/endpoints/e")).StatusCode);
        Assert.Equal("[]", await server.Client.GetStringAsync("/api/endpoints"));
        Assert.False(Directory.Exists(server.Directory.File("artifacts/endpoints")));
    }

    [Fact]
    public async Task An_endpoint_is_created_listed_updated_and_deleted_through_the_API()
    {
        await using var server = await Start();
        string artifacts = server.Directory.File("artifacts");
        try
        {
            var created = await server.Client.PostAsync("/api/endpoints", Json(new { name = "scorer", model = models.LinearDirectory, maxDelayUs = 0 }));
            string createdBody = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
            Assert.DoesNotContain(ApiServer.Token, createdBody);
            string url = JsonDocument.Parse(createdBody).RootElement.GetProperty("url").GetString()!;

            float linear = await Answer(url);
            using (var anonymous = new HttpClient())
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(url + "/invocations", new StringContent(models.Csv(0, 1), Encoding.UTF8, "text/csv"))).StatusCode);
            string listed = await server.Client.GetStringAsync("/api/endpoints");
            Assert.Contains("\"scorer\"", listed);
            Assert.DoesNotContain(ApiServer.Token, listed);
            Assert.Contains(models.LinearOnnx, CliRunner.Run(artifacts, "endpoints", "--json", "--artifacts", artifacts).Output);
            Assert.Equal("name", await RefusedField(await server.Client.PostAsync("/api/endpoints", Json(new { name = "scorer", model = models.GbtOnnx })),
                HttpStatusCode.Conflict));   // a name already taken: 409 (was 400 before issue 19)

            File.WriteAllText(server.Directory.File("artifacts/corrupt.onnx"), "not a model");
            Assert.Equal("model", await RefusedField(await server.Client.PutAsync("/api/endpoints/scorer/variants/main", Json(new { model = server.Directory.File("artifacts/corrupt.onnx") }))));
            Assert.Equal(linear, await Answer(url));

            var updated = await server.Client.PutAsync("/api/endpoints/scorer/variants/main", Json(new { model = models.GbtDirectory }));
            Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
            float gbt = await Answer(url);
            Assert.NotEqual(linear, gbt);
            Assert.Contains(models.GbtOnnx, await server.Client.GetStringAsync("/api/endpoints/scorer"));

            var deleted = await server.Client.DeleteAsync("/api/endpoints/scorer");
            Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/endpoints/scorer")).StatusCode);
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync(url + "/ping"));

            var refused = await server.Client.PostAsync("/api/endpoints", Json(new { name = "broken", model = server.Directory.File("artifacts/corrupt.onnx") }));
            string reason = await refused.Content.ReadAsStringAsync();
            Assert.Equal("model", await RefusedField(refused));
            Assert.Contains("not a model ONNX Runtime can load", reason);
        }
        finally
        {
            CliRunner.Run(artifacts, "undeploy", "scorer", "--artifacts", artifacts);
        }
    }
}
