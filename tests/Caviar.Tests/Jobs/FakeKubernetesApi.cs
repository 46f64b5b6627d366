using System.Net;
using System.Text;

namespace Caviar.Tests.Jobs;

/// <summary>
/// A stand-in for the Kubernetes API server on loopback that answers with recorded payloads (Jobs/Recorded) and
/// remembers every request, so the launcher can be tested without a cluster.
/// </summary>
internal sealed class FakeKubernetesApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, string, (int Status, string Body)> _answer;

    public FakeKubernetesApi(Func<string, string, (int Status, string Body)> answer)
    {
        _answer = answer;
        for (int port = 18000 + Random.Shared.Next(2000); ; port++)
        {
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                Url = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) { }
        }
        _ = Task.Run(Serve);
    }

    public string Url { get; private set; } = "";

    public List<(string Method, string Path, string Body)> Requests { get; } = [];

    public static string Recorded(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Jobs", "Recorded", name));

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            string path = context.Request.Url!.AbsolutePath;
            lock (Requests) Requests.Add((context.Request.HttpMethod, path, body));
            var (status, answer) = _answer(context.Request.HttpMethod, path);
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>
    /// Closes the listener once. Not Stop() then Close(): on Linux the managed HttpListener's Close after a Stop looks
    /// its endpoint up again, which binds the port anew, and threw "Address already in use" in a full test run when
    /// something else had taken the port in between.
    /// </summary>
    public void Dispose() => _listener.Close();
}
