using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Server;

namespace Caviar.Tests.Server;

/// <summary>Request bodies over the limit are refused with 413 (not read, not echoed) and errors quote only an excerpt.</summary>
public class ApiBodyLimitTests
{
    private static string Head(ApiServer server, string path, string lengthHeader) => $"""
        POST {path} HTTP/1.1
        Host: {server.Client.BaseAddress!.Authority}
        Authorization: Bearer {ApiServer.Token}
        Content-Type: application/json
        {lengthHeader}

        """;

    [Fact]
    public async Task A_100_MB_body_is_answered_413_with_the_limit_and_the_server_answers_the_next_request()
    {
        await using var server = await ApiServer.StartAsync();
        const long size = 100L * 1024 * 1024;
        var reply = await RawHttp.SendAsync(server.Client.BaseAddress!, Head(server, "/api/tuning-jobs", $"Content-Length: {size}"),
            RawHttp.Filler(size));

        Assert.True(413 == reply.Status, reply.Head + "\n\n" + reply.Body);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal("body", body.RootElement.GetProperty("field").GetString());
        Assert.Contains($"limit of {ServerOptions.DefaultMaxRequestBodyBytes} bytes (1 MiB)", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/tuning-jobs")).StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_limit_with_413()
    {
        await using var server = await ApiServer.StartAsync(
            (options, _) => options with { MaxRequestBodyBytes = 4096 });
        var reply = await RawHttp.SendAsync(server.Client.BaseAddress!, Head(server, "/api/training-jobs", "Transfer-Encoding: chunked"),
            async stream =>
            {
                var chunk = Encoding.ASCII.GetBytes($"{1024:x}\r\n{new string(' ', 1024)}\r\n");
                for (int i = 0; i < 10 * 1024; i++) await stream.WriteAsync(chunk);   // 10 MiB of white space
                await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"));
            });

        Assert.Equal(413, reply.Status);
        Assert.Contains("limit of 4096 bytes", reply.Body);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/training-jobs")).StatusCode);
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read_as_before()
    {
        await using var server = await ApiServer.StartAsync((options, _) => options with { MaxRequestBodyBytes = 4096 });
        string spec = """{ "name": "small", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": 1 } }""";
        var created = await server.Client.PostAsync("/api/tuning-jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Theory]
    [InlineData("algorithm", "unknown algorithm 'AAAAAAAAAA", " known: ")]      // the input quoted in the reason
    [InlineData("field", "AAAAAAAAAA", "is not a known field")]                  // the input as the field's name
    public async Task Errors_quote_only_a_short_excerpt_of_a_large_input(string where, string excerpt, string rest)
    {
        await using var server = await ApiServer.StartAsync();
        string huge = new('A', 900_000);   // under the 1 MiB limit
        string spec = where == "algorithm"
            ? JsonSerializer.Serialize(new { name = "big", algorithm = huge })
            : $$"""{ "name": "big", "{{huge}}": 1 }""";
        var response = await server.Client.PostAsync("/api/training-jobs", new StringContent(spec, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string reply = await response.Content.ReadAsStringAsync();
        Assert.True(reply.Length < 2_000, $"the reply is {reply.Length} characters long");
        using var body = JsonDocument.Parse(reply);
        string field = body.RootElement.GetProperty("field").GetString()!, reason = body.RootElement.GetProperty("reason").GetString()!;
        Assert.Contains(excerpt, where == "algorithm" ? reason : field);
        Assert.Matches(@"…\(900\d\d\d characters\)", where == "algorithm" ? reason : field);
        Assert.Contains(rest, reason);
    }
}
