using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// Bodies that never arrive whole (serve20): one that stalls gets 408 once Kestrel's minimum data rate gives up on it,
/// one whose client hangs up early is a 400; neither is a 500 or an error logged, and other requests are served
/// meanwhile.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class SlowBodyTests(TabularModels models)
{
    private static async Task<TcpClient> SendPart(EndpointProcess endpoint)
    {
        var uri = new Uri(endpoint.Url);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        string head = $"POST /invocations HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {EndpointProcess.Token}\r\n" +
                      "Content-Type: text/csv\r\nContent-Length: 1000\r\n\r\n0.1,0.2";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        return client;
    }

    [Fact]
    public async Task A_stalled_body_gets_408_a_body_cut_short_gets_400_and_neither_is_a_500()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "slow", "--model", models.GbtOnnx);

        using (var stalled = await SendPart(endpoint))
        {
            using (var good = await endpoint.Invoke(models.Csv(0, 1), "text/csv"))
                Assert.Equal(System.Net.HttpStatusCode.OK, good.StatusCode);
            var watch = Stopwatch.StartNew();
            var answer = new byte[4096];
            int read;
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                read = await stalled.GetStream().ReadAsync(answer, timeout.Token);
            string text = Encoding.ASCII.GetString(answer, 0, read);
            Assert.True(text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
            Assert.Contains("too slowly", text);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"answered after {watch.Elapsed}");
        }

        using (var cut = await SendPart(endpoint))
            cut.Client.Shutdown(SocketShutdown.Send);

        string metrics = "";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(100))
        {
            metrics = await endpoint.Client.GetStringAsync("/metrics");
            if (ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"408\"}")
                + ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"400\"}")
                + ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"500\"}") >= 2) break;
        }
        Assert.True(ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"400\"}") == 1, metrics);
        Assert.Equal(1, ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"408\"}"));
        Assert.Equal(0, ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"500\"}"));
        Assert.DoesNotContain("inference failed", endpoint.Output);
        Assert.False(endpoint.Process.HasExited);
    }
}
