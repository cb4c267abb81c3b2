"""Trains a tensor-train (multiplicative RNN) scoring function in PyTorch and saves its cores for
check-theorem: `tt_torch.safetensors` (the student's cores as `cores.0`, ..., beside the teacher's
as `teacher.cores.0`, ..., which --keys cores. leaves out) and `tt_torch.npz` (the student's cores only).

    /usr/bin/python3 scripts/torch/train_tt.py OUT_DIR      # Debian's python3-torch
    npx check-theorem rank --tensor OUT_DIR/tt_torch.safetensors --keys cores. --split odd-even
    npx check-theorem prove model-cp-width --tensor OUT_DIR/tt_torch.npz --out OUT_DIR/proof

The model: f(x) = sum_{i_1..i_d} W[i_1, ..., i_d] prod_k phi(x_k)[i_k], W a TT with cores
G_k of shape (r_k, n, r_k+1) (TensorLy / t3f layout, which check-theorem reads as is), phi the
polynomial feature map x -> (1, x, x^2). The teacher is a random TT of the same ranks; the student
is fitted by Adam on mean squared error. safetensors is written by its definition (8-byte
header length, JSON header, raw little-endian data) because the safetensors package is not a
Debian dependency here.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

out = sys.argv[1] if len(sys.argv) > 1 else 'out/torch'
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
d, n, r, samples = 6, 3, 3, 2048


class TT(torch.nn.Module):
    def __init__(self):
        super().__init__()
        ranks = [1] + [r] * (d - 1) + [1]
        self.cores = torch.nn.ParameterList([torch.nn.Parameter(torch.randn(ranks[k], n, ranks[k + 1]) / np.sqrt(n * ranks[k])) for k in range(d)])

    def forward(self, x):  # x: (batch, d)
        phi = torch.stack([torch.ones_like(x), x, x * x], dim=-1)  # the feature map (1, x, x^2): (batch, d, n)
        state = torch.ones(x.shape[0], 1)
        for k, core in enumerate(self.cores):
            state = torch.einsum('ba,bi,aic->bc', state, phi[:, k, :], core)
        return state.squeeze(-1)


teacher, student = TT(), TT()
x = torch.rand(samples, d) * 2 - 1
with torch.no_grad():
    y = teacher(x)
opt = torch.optim.Adam(student.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1000, gamma=0.5)
for step in range(4000):
    opt.zero_grad()
    loss = torch.mean((student(x) - y) ** 2) / torch.mean(y ** 2)
    loss.backward()
    opt.step()
    sched.step()
print(f'relative training error {loss.item():.3e} after {step + 1} steps')

cores = [c.detach().numpy().astype(np.float32) for c in student.cores]
np.savez(os.path.join(out, 'tt_torch.npz'), **{f'core_{k}': c for k, c in enumerate(cores)})

tensors = {f'cores.{k}': c for k, c in enumerate(cores)}
for k, c in enumerate(teacher.cores):
    tensors[f'teacher.cores.{k}'] = c.detach().numpy().astype(np.float32)
header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
for name, a in tensors.items():
    data = np.ascontiguousarray(a.astype('<f4')).tobytes()
    header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header, separators=(',', ':')).encode()
text += b' ' * ((8 - len(text) % 8) % 8)
with open(os.path.join(out, 'tt_torch.safetensors'), 'wb') as f:
    f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
print('wrote', os.path.join(out, 'tt_torch.safetensors'), 'and', os.path.join(out, 'tt_torch.npz'))
