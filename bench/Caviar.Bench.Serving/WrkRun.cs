using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Caviar.Bench.Serving;

/// <summary>One load run of <c>wrk</c> (POSTing the same body): throughput, p50/p99 latency, errors.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors)
{
    public static WrkResult Run(string url, string script, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{seconds}s", "--timeout", "10s", "--latency", "-s", script, url })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {output}{process.StandardError.ReadToEnd()}");
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        double Latency(string percent)
        {
            var m = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
        }
        long Count(string pattern) => Regex.Matches(output, pattern).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        double rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        long requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = Count(@"Non-2xx or 3xx responses: (\d+)") + Count(@"(?:connect|read|write|timeout) (\d+)");
        return new WrkResult(rps, Latency("50"), Latency("99"), requests, errors);
    }
}
