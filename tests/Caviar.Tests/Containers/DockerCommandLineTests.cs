using Caviar.Containers;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>
/// Docker's command lines where they differ from Podman's. Docker is not installed here: the engine's program is a
/// script named <c>docker</c> that records its arguments, so the lines are what Caviar really runs.
/// </summary>
public class DockerCommandLineTests
{
    [Fact]
    public void A_command_is_the_entrypoint_and_its_arguments_and_gpus_go_through_the_gpus_flag()
    {
        var run = new ContainerRun
        {
            Image = "local/algo:1", Name = "caviar-j-1234abcd-0", Command = ["/usr/bin/python3", "train.py", "--fast"], Gpus = [1, 3],
        };
        var docker = run.RunArguments(ContainerEngineKind.Docker);
        var podman = run.RunArguments(ContainerEngineKind.Podman);

        Assert.Equal(["--entrypoint", "/usr/bin/python3", "local/algo:1", "train.py", "--fast"], docker.TakeLast(5));
        Assert.Equal(["--gpus", "\"device=1,3\""], docker.SkipWhile(a => a != "--gpus").Take(2));
        Assert.DoesNotContain("--device", docker);
        Assert.Equal(["--entrypoint", """["/usr/bin/python3","train.py","--fast"]""", "local/algo:1"], podman.TakeLast(3));
        Assert.Equal(podman.Take(7), docker.Take(7));   // run --rm --init --name N --network none
    }

    [Fact]
    public void Docker_has_no_pods_so_a_container_in_a_pod_is_refused()
    {
        var run = new ContainerRun { Image = "local/algo:1", Name = "n-1", Pod = "n-a0" };
        var error = Assert.Throws<ContainerEngineException>(() => run.RunArguments(ContainerEngineKind.Docker));
        Assert.Contains("needs podman", error.Message);
    }

    [Fact]
    public void The_engine_is_docker_by_its_name_and_stops_removes_and_looks_for_containers_with_dockers_flags()
    {
        using var dir = new TempDirectory();
        string program = dir.File("docker");
        string calls = dir.File("calls");
        File.WriteAllText(program, $"#!/bin/sh\necho \"$*\" >> '{calls}'\n[ \"$1\" = rm ] && echo 'Error: No such container: gone' >&2 && exit 1\nexit 0\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var engine = ContainerEngine.At(program, dir.File("containers.conf"));

        Assert.Equal(ContainerEngineKind.Docker, engine.Kind);
        Assert.Equal(ContainerEngineKind.Podman, ContainerEngine.At("/usr/bin/podman", "/x").Kind);
        Assert.True(engine.ContainerExists("caviar-j-1234abcd-0"));
        engine.StopAndRemove(["caviar-j-1234abcd-0", "gone"], TimeSpan.FromSeconds(10));   // a missing one is no failure
        engine.RemovePods(["caviar-j-1234abcd-a0"]);   // nothing to do: docker never made one
        Assert.Empty(engine.PodsLabelled("caviar.job-dir", "/x"));
        Assert.Throws<ContainerEngineException>(() => engine.CreatePod("caviar-j-1234abcd-a0", "none", new Dictionary<string, string>()));

        Assert.Equal(
        [
            "container inspect --format {{.Name}} caviar-j-1234abcd-0",
            "stop --time 10 caviar-j-1234abcd-0 gone",
            "rm --force caviar-j-1234abcd-0 gone",
        ], File.ReadAllLines(calls));
    }
}
