using System.Text.Json;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>
/// A job of several processes run from the example image's Python: every epoch each rank sends rank×10+epoch to rank 0
/// over TCP at MASTER_ADDR:MASTER_PORT, rank 0 adds the epoch and sends the sum back (so every rank logs
/// <c>epoch=E sum=10+2E</c> with two ranks). Rank 0 checkpoints the epoch; a restart resumes after it. Each rank writes
/// what it saw (its variables, whether /run/.containerenv is there, PID 1's program, its cgroups, host name and
/// network interfaces) to /opt/ml/model/rank-R.json.
/// </summary>
public static class RankScript
{
    public static readonly MetricDefinition Sum = new() { Name = "sum", Regex = @"epoch=(?<step>\d+) sum=(?<value>\S+)" };

    private const string Script = """
        import json, os, socket, time
        rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
        hp = json.load(open("/opt/ml/input/config/hyperparameters.json"))
        epochs, pause = int(hp.get("epochs", "3")), float(hp.get("epoch_seconds", "0"))
        state = os.path.join(os.environ["CAVIAR_CHECKPOINT_DIR"], "state.json")
        start = 0
        if os.path.exists(state):
            start = json.load(open(state))["epoch"] + 1
            print(f"rank {rank} resumed from epoch {start}", flush=True)
        master = (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]))
        if rank == 0:
            server = socket.create_server(("0.0.0.0", master[1]))
        total = None
        for epoch in range(start, epochs):
            if rank == 0:
                peers, total = [], epoch
                for _ in range(world - 1):
                    peer, _ = server.accept()
                    peers.append(peer)
                    total += int(peer.recv(64).decode())
                for peer in peers:
                    peer.sendall(str(total).encode())
                    peer.close()
            else:
                for _ in range(1200):
                    try:
                        s = socket.create_connection(master, timeout=120)
                        break
                    except OSError:
                        time.sleep(0.1)
                s.sendall(str(rank * 10 + epoch).encode())
                total = int(s.recv(64).decode())
                s.close()
            print(f"epoch={epoch} sum={total}", flush=True)
            if rank == 0:
                with open(state + ".tmp", "w") as f:
                    json.dump({"epoch": epoch}, f)
                os.replace(state + ".tmp", state)
            time.sleep(pause)
        names = ["RANK", "WORLD_SIZE", "LOCAL_RANK", "NODE_RANK", "MASTER_ADDR", "MASTER_PORT", "SM_HOSTS", "SM_CURRENT_HOST",
                 "CAVIAR_RANK", "CAVIAR_WORLD_SIZE", "SM_MODEL_DIR", "CAVIAR_CHECKPOINT_DIR", "SM_CHANNEL_CODE"]
        seen = {
            "env": {n: os.environ.get(n) for n in names},
            "containerenv": os.path.exists("/run/.containerenv"),
            "init": open("/proc/1/cmdline").read().split("\0")[0],
            "cgroup": open("/proc/self/cgroup").read(),
            "hostname": socket.gethostname(),
            "interfaces": sorted(os.listdir("/sys/class/net")),
            "sum": total,
        }
        with open(f"/opt/ml/model/rank-{rank}.json", "w") as f:
            json.dump(seen, f)
        """;

    /// <summary>A job of <paramref name="processes"/> ranks on one host, from the example image, running the script from its <c>code</c> channel.</summary>
    public static TrainingJobSpec Spec(string name, TempDirectory dir, int processes, int epochs, double epochSeconds = 0)
    {
        string code = dir.File("code");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "ranks.py"), Script);
        return new TrainingJobSpec
        {
            Name = name,
            Image = ExampleImage.Ensure(),
            Command = ["/usr/bin/python3", "/opt/ml/input/data/code/ranks.py"],
            HyperParameters = new()
            {
                ["epochs"] = JsonSerializer.SerializeToElement(epochs),
                ["epoch_seconds"] = JsonSerializer.SerializeToElement(epochSeconds),
            },
            Channels = [new ChannelSpec { Name = "code", Path = code }],
            MetricDefinitions = [Sum],
            Resources = new ResourcesSpec { ProcessesPerHost = processes },
            StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = 300 },
        };
    }

    /// <summary>What rank <paramref name="rank"/> wrote to the model directory.</summary>
    public static JsonElement Seen(string modelDirectory, int rank) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDirectory, $"rank-{rank}.json"))).RootElement.Clone();
}
