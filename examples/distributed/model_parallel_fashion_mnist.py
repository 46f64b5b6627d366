"""Model-parallel training of the same CNN split across 2 processes with torch.distributed send/recv (gloo).

Rank 0 holds the convolutional layers, rank 1 the fully connected head. For each batch rank 0 sends its activations to
rank 1, which computes the loss, backpropagates through the head and sends the gradient of the activations back, so
rank 0 can finish the backward pass. Both ranks read the same batches (same seed), so rank 1 has the labels. Each
rank checkpoints its own layers after every epoch and resumes from them. Rank 1 prints the metric lines; Caviar reads
metrics from rank 0's log, so rank 0 prints the line rank 1 sends it.
"""
import os
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from ddp_fashion_mnist import Net
from fashion_data import hyperparameters, load


def main():
    hp = hyperparameters()
    epochs, lr, batch, width, seed = hp["epochs"], hp["lr"], hp["batch_size"], hp["width"], hp["seed"]
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    if world != 2:
        raise SystemExit("this example splits the network over exactly 2 processes")
    torch.manual_seed(seed)
    full = Net(width)   # same seed on both ranks: each keeps its half of the same initial network
    layers = [full.conv1, full.conv2] if rank == 0 else [full.fc1, full.fc2]
    parameters = [p for layer in layers for p in layer.parameters()]
    optimizer = torch.optim.SGD(parameters, lr=lr, momentum=0.9)

    data = os.environ["CAVIAR_CHANNEL_TRAIN"]
    x, y = load(data, "train", hp["train_samples"])
    vx, vy = load(data, "t10k", hp["val_samples"])
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True, generator=generator)
    feature_size = 2 * width * 7 * 7

    checkpoint = os.path.join(os.environ["CAVIAR_CHECKPOINT_DIR"], f"part-{rank}.pt")
    start = 0
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint)
        full.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start = state["epoch"]
    # Both parts must resume from the same epoch: take the older of the two checkpoints.
    agreed = torch.tensor([start])
    dist.all_reduce(agreed, op=dist.ReduceOp.MIN)
    start = int(agreed.item())
    generator.manual_seed(seed + start)

    for epoch in range(start + 1, epochs + 1):
        began = time.monotonic()
        total, count = 0.0, 0
        for images, labels in loader:
            optimizer.zero_grad()
            if rank == 0:
                features = full.features(images)
                dist.send(features.detach(), dst=1)
                gradient = torch.empty_like(features)
                dist.recv(gradient, src=1)
                features.backward(gradient)
            else:
                features = torch.empty(len(labels), feature_size)
                dist.recv(features, src=0)
                features.requires_grad_()
                loss = F.cross_entropy(full.head(features), labels)
                loss.backward()
                dist.send(features.grad, dst=0)
                total += loss.item() * len(labels)
                count += len(labels)
            optimizer.step()
        line = torch.zeros(4, dtype=torch.float64)
        with torch.no_grad():
            if rank == 0:
                dist.send(full.features(vx), dst=1)
            else:
                features = torch.empty(len(vy), feature_size)
                dist.recv(features, src=0)
                logits = full.head(features)
                line = torch.tensor([total / count, F.cross_entropy(logits, vy).item(),
                                     (logits.argmax(1) == vy).float().mean().item(), time.monotonic() - began],
                                    dtype=torch.float64)
        dist.broadcast(line, src=1)
        torch.save({"model": full.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, checkpoint + ".tmp")
        os.replace(checkpoint + ".tmp", checkpoint)
        dist.barrier()
        if rank == 0:
            print(f"epoch={epoch} train_loss={line[0]:.5f} val_loss={line[1]:.5f} val_accuracy={line[2]:.5f} "
                  f"epoch_seconds={line[3]:.3f}", flush=True)
        generator.manual_seed(seed + epoch)

    torch.save({k: v for k, v in full.state_dict().items() if k.startswith(("conv", "fc"))},
               os.path.join(os.environ["CAVIAR_MODEL_DIR"], f"part-{rank}.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
