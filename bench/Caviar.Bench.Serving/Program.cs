using System.Globalization;
using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Bench.Common;
using Caviar.Bench.Serving;

// Serving benchmark: the built-in cnn (Fashion-MNIST) served by Caviar (ONNX Runtime, fp32 and int8) against the
// same architecture served by FastAPI + uvicorn + PyTorch eager, same threads, same machine, same run; load from wrk
// at 1, 8 and 64 connections, one image per request; the servers' runs alternate at each level. Usage: [--seconds 10] [--threads 1] [--examples 6000] [--max-batch 64].
// `quantization [...]`: int8 (static and dynamic) against fp32 on ONNX Runtime, no server (QuantizationBench.cs).
if (args is ["quantization", ..]) return QuantizationBench.Run(args);
int seconds = Option("--seconds", 10), threads = Option("--threads", 1), examples = Option("--examples", 6000), maxBatch = Option("--max-batch", 64);
int[] connections = [1, 8, 64];
const string Token = "bench-token";
string work = Directory.CreateTempSubdirectory("caviar-bench-serving-").FullName;
string python = "/usr/bin/python3";

var settings = new NeuralSettings { Architecture = "cnn", ConvChannels = [32, 64], HiddenUnits = [128], Epochs = 1, Threads = 2 };
var all = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "train").First(examples);
var (trainRows, validationRows) = DataSplit.Indices(all.Count, 0.1, seed: 1);
string modelDir = Path.Combine(work, "model");
var trained = new NeuralTrainer(settings, TextWriter.Null).Train(all.Take(trainRows), all.Take(validationRows), null, 10, Path.Combine(work, "ck"), modelDir);
var (config, network) = NeuralModel.Load(modelDir);
string fp32 = Path.Combine(work, "model-fp32.onnx"), int8 = Path.Combine(work, "model-int8.onnx");
File.WriteAllBytes(fp32, NetworkOnnxExport.Export(config, network, OnnxVariant.Fp32));
File.WriteAllBytes(int8, StaticQuantization.Export(config, network, all.First(500)));   // static int8, as caviar optimize writes it
network.Dispose();
Console.WriteLine($"cnn conv {string.Join(',', settings.ConvChannels)} hidden {string.Join(',', settings.HiddenUnits)}, 1 epoch on {trainRows.Count()} images");

var image = ImageDataSets.Load(ImageDataSets.FashionMnistDirectory, "t10k").First(1).Values;
string body = Path.Combine(work, "body.json");
File.WriteAllText(body, JsonSerializer.Serialize(new { instances = new[] { image } }));
string script = Path.Combine(work, "post.lua");
File.WriteAllText(script, $$"""
    wrk.method = "POST"
    local f = io.open("{{body}}", "r")
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer {{Token}}"
    """);

string caviar = Path.Combine(AppContext.BaseDirectory, "caviar.dll");
var servers = new (string Name, Func<int, ServerProcess> Start)[]
{
    ("caviar-fp32", port => new ServerProcess("caviar-fp32", $"http://127.0.0.1:{port}", "dotnet",
        [caviar, "deploy", "bench-fp32", "--model", fp32, "--port", $"{port}", "--token", Token, "--threads", $"{threads}", "--max-batch", $"{maxBatch}", "--artifacts", work])),
    ("caviar-int8", port => new ServerProcess("caviar-int8", $"http://127.0.0.1:{port}", "dotnet",
        [caviar, "deploy", "bench-int8", "--model", int8, "--port", $"{port}", "--token", Token, "--threads", $"{threads}", "--max-batch", $"{maxBatch}", "--artifacts", work])),
    ("fastapi-torch", port => new ServerProcess("fastapi-torch", $"http://127.0.0.1:{port}", python,
        [PythonScript.Find("fastapi_cnn_peer.py"), "--port", $"{port}", "--threads", $"{threads}", "--conv-channels", "32,64", "--hidden-units", "128"])),
};

var results = new Dictionary<(string, int), WrkResult>();
var rss = new Dictionary<string, double>();
int nextPort = 18_431;
// All servers are up at once and the runs alternate (each connection level: every server in turn), so load that
// comes or goes during the run falls on every side alike; an idle server takes no CPU.
var running = servers.Select(s => (s.Name, Server: s.Start(nextPort++))).ToList();
try
{
    foreach (var (_, server) in running)
    {
        await server.WaitReady(Token);
        WrkResult.Run(server.Url + "/invocations", script, 8, 2);   // warm-up, not reported
    }
    foreach (int c in connections)
        foreach (var (name, server) in running)
        {
            var r = WrkResult.Run(server.Url + "/invocations", script, c, seconds);
            results[(name, c)] = r;
            Console.WriteLine($"{name} c={c}: {r.RequestsPerSecond:F0} req/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms, errors {r.Errors} of {r.Requests}   " +
                              $"({DateTime.UtcNow:HH:mm:ss}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        }
    foreach (var (name, server) in running)
        rss[name] = server.PeakRssMiB();
}
finally
{
    foreach (var (_, server) in running)
        server.Dispose();
}

var (cpu, flags) = CpuFeatures.Read();
string F(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);
Console.WriteLine();
Console.WriteLine($"CPU: {cpu}; {Environment.ProcessorCount} cores; flags: {string.Join(' ', flags)}");
Console.WriteLine($"{seconds} s per run, {threads} intra-op thread(s) per server, Caviar --max-batch {maxBatch}, wrk -t min(c,2); validation accuracy {F(trained.ValidationAccuracy, "F3")}");
Console.WriteLine("| server | connections | req/s | p50 ms | p99 ms | errors | peak RSS MiB | req/s vs peer | p99 vs peer |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var (name, _) in servers)
    foreach (int c in connections)
    {
        var r = results[(name, c)];
        var peer = results[("fastapi-torch", c)];
        Console.WriteLine($"| {name} | {c} | {F(r.RequestsPerSecond, "F0")} | {F(r.P50Ms)} | {F(r.P99Ms)} | {r.Errors} | {F(rss[name], "F0")} | " +
                          $"{F(r.RequestsPerSecond / peer.RequestsPerSecond)}x | {F(r.P99Ms / peer.P99Ms)}x |");
    }
return 0;

int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
