using Caviar.Tests.Support;

namespace Caviar.Tests.Python;

/// <summary>
/// The Python package (clients/python) run by Debian's python3 as real processes: its unittest suites, the client
/// against a real <c>caviar serve</c> with real script-mode jobs, and installing it with pip.
/// </summary>
public class PythonClientTests
{
    private static string Package => RepositoryRoot.File("clients/python");

    private static void AssertUnittestPassed(PythonProcess.Result result, int tests)
    {
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"Ran {tests} tests", result.Output);
        Assert.DoesNotContain("skipped", result.Output);
    }

    [Fact]
    public void The_training_script_helpers_pass_their_unittests()
    {
        var result = PythonProcess.Run(Package, new Dictionary<string, string>(), TimeSpan.FromMinutes(1),
            "-m", "unittest", "discover", "-s", "tests", "-p", "test_script_helpers.py", "-v");
        AssertUnittestPassed(result, 8);
    }

    [Fact]
    public void The_client_refuses_wrong_use_before_sending_anything()
    {
        var result = PythonProcess.Run(Package, new Dictionary<string, string>(), TimeSpan.FromMinutes(1),
            "-m", "unittest", "discover", "-s", "tests", "-p", "test_wrong_use.py", "-v");
        AssertUnittestPassed(result, 5);
    }

    [Fact]
    public async Task The_client_passes_its_unittests_against_a_real_caviar_serve()
    {
        using var serve = await ServeProcess.StartAsync();
        var result = PythonProcess.Run(Package, new Dictionary<string, string>
        {
            ["CAVIAR_TEST_URL"] = serve.Url, ["CAVIAR_TEST_TOKEN"] = ServeProcess.Token, ["CAVIAR_TEST_ARTIFACTS"] = serve.Artifacts,
        }, TimeSpan.FromMinutes(5), "-m", "unittest", "discover", "-s", "tests", "-p", "test_client.py", "-v");
        AssertUnittestPassed(result, 7);
    }

    [Fact]
    public void It_installs_with_pip_and_imports_from_anywhere()
    {
        using var dir = new TempDirectory();
        string venv = dir.File("venv");
        var empty = new Dictionary<string, string>();
        var created = PythonProcess.Run(dir.Path, empty, TimeSpan.FromMinutes(2), "-m", "venv", "--system-site-packages", venv);
        Assert.True(created.ExitCode == 0, created.Output);
        // No index: everything comes from the checkout and Debian's setuptools and wheel (no network needed).
        // A copy, so the build's leftovers (build/, caviar.egg-info/) stay out of the checkout.
        string source = dir.File("caviar-python");
        Directory.CreateDirectory(Path.Combine(source, "caviar"));
        File.Copy(Path.Combine(Package, "pyproject.toml"), Path.Combine(source, "pyproject.toml"));
        foreach (var file in Directory.GetFiles(Path.Combine(Package, "caviar"), "*.py"))
            File.Copy(file, Path.Combine(source, "caviar", Path.GetFileName(file)));
        var installed = PythonProcess.Run(Path.Combine(venv, "bin", "pip"), dir.Path, empty, TimeSpan.FromMinutes(3),
            "install", "--no-index", "--no-build-isolation", "--quiet", source);
        Assert.True(installed.ExitCode == 0, installed.Output);
        var imported = PythonProcess.Run(Path.Combine(venv, "bin", "python"), dir.Path, empty, TimeSpan.FromMinutes(1),
            "-c", "import caviar; print(caviar.__file__); print(caviar.Client, caviar.report, caviar.should_stop)");
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.StartsWith(Path.Combine(venv, "lib"), imported.Output);
    }
}
