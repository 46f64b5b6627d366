using System.Diagnostics;

namespace Caviar.Tests.Server;

/// <summary>Debian's Chromium run headless on a page: its DOM after scripts ran.</summary>
public static class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";

    public static string DumpDom(string url, string profile) => Run(profile, "--dump-dom", url);

    private static string Run(string profile, params string[] args)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException("Chromium is not installed: run scripts/install-test-deps.sh (Debian package chromium)");
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profile}", "--virtual-time-budget=10000" }.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish");
        }
        return output.Result;
    }
}
