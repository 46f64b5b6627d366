using System.Net;
using System.Text;
using Caviar.Server.Security;

namespace Caviar.Tests.Server;

/// <summary>Every response, page or API, success or error, carries the Content-Security-Policy and the other headers.</summary>
public class SecurityHeadersTests
{
    [Theory]
    [InlineData("GET", "/", HttpStatusCode.OK)]
    [InlineData("GET", "/app.js", HttpStatusCode.OK)]
    [InlineData("GET", "/dashboard.css", HttpStatusCode.OK)]
    [InlineData("GET", "/api/tuning-jobs", HttpStatusCode.OK)]
    [InlineData("GET", "/api/tuning-jobs/missing", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/tuning-jobs", HttpStatusCode.BadRequest)]   // an error from the exception handler
    public async Task Responses_carry_a_policy_without_inline_script_and_the_other_security_headers(string method, string path, HttpStatusCode expected)
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{ not json", Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);

        string policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Server"));   // no product banner
        if (path.StartsWith("/api")) Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task A_refused_token_and_a_refused_body_carry_them_too()
    {
        await using var server = await ApiServer.StartAsync((options, _) => options with { MaxRequestBodyBytes = 10 });
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var refused = await anonymous.GetAsync("/api/tuning-jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, refused.Headers.GetValues("Content-Security-Policy").Single());
        using var tooLarge = await server.Client.PostAsync("/api/tuning-jobs", new StringContent(new string(' ', 100)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, tooLarge.Headers.GetValues("Content-Security-Policy").Single());
    }
}
