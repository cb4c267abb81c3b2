#!/usr/bin/env python3
"""Peer benchmark: a Python + FLINT prototype of the Theorem 1 proof, timed as a whole process.

The peer the issue asks ``prove theorem1`` to be measured against. For (n, r, d) and a seed it
draws the paper's random integer TT (mode size n, every inner bond r, clipped where the shape
allows less, as check-theorem's ``tt.random`` does; entries uniform in [-2^20, 2^20], the same
bound), and certifies the lower bound K = min(n, r)^(d/2) on the rank of the odd/even
matricization M (rows: modes 0, 2, 4, ...) without forming M: S = Psi^T M Omega mod a 30-bit
prime, where column a of Psi (Omega) is the Kronecker product of one vector per row (column)
mode, uniform mod p, the same kind of vectors as check-theorem's sketch engine. Then FLINT's
nmod_mat_rank (libflint through ctypes) ranks S; rank S = K is the proof's content (rank S can
only be at most rank M).

S[a, b] is the TT contracted with row vectors a and column vectors b: with A_m(a) = sum_i
v_m[a, i] G_m[:, i, :] (an r x r matrix per vector) the entry is the chain product
A_0(a) A_1(b) A_2(a) ... A_{d-1}(b), so the state over all pairs (a, b) is advanced mode by mode,
vectorised over a block of rows a and all columns b in int64 with one reduction mod p per
output entry and mode (K^2 d r^2 multiply-adds, the same work as the TypeScript engine).

Usage: prototype.py N R D [--seed S] [--check] (--check: also form S from the full tensor with
Python integers and compare, for small sizes). Prints one JSON line: the sizes, K, the rank reached, the
prime and the seconds of the sketch and of the rank call; exits 1 when rank S < K (an unlucky
draw, or a wrong proof). Run by bench/peers.ts when a python3 with numpy and libflint are
installed; not part of the product.
"""
import argparse
import ctypes
import ctypes.util
import json
import sys
import time

import numpy as np

# The largest prime below 2^30: the residues' products (< 2^60) stay exact in int64.
PRIME = 1073741789
# Entries of the random cores: the bound of check-theorem's random TTs (DEFAULT_ENTRY_BOUND).
ENTRY_BOUND = 2**20
# Products of residues summed before a reduction: each is < (p - 1)^2, and the sum must fit int64.
TERMS_PER_REDUCTION = (2**63 - 1) // (PRIME - 1) ** 2
# Entries of one block of S (rows a times all K columns) per array: a few MiB, so the r state
# arrays and the scratch array of a block stay in cache while the chain runs through every mode.
BLOCK_ENTRIES = 1 << 17


class NmodMat(ctypes.Structure):
    """FLINT 2.9's nmod_mat_struct (flint/nmod_mat.h): entries, r, c, rows, and the nmod_t."""

    _fields_ = [
        ("entries", ctypes.POINTER(ctypes.c_ulong)),
        ("r", ctypes.c_long),
        ("c", ctypes.c_long),
        ("rows", ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong))),
        ("mod_n", ctypes.c_ulong),
        ("mod_ninv", ctypes.c_ulong),
        ("mod_norm", ctypes.c_ulong),
    ]


def load_flint():
    """libflint through ctypes, with the three functions used typed."""
    name = ctypes.util.find_library("flint")
    if name is None:
        sys.exit("libflint not found: apt-get install libflint-dev")
    lib = ctypes.CDLL(name)
    lib.nmod_mat_init.argtypes = [ctypes.POINTER(NmodMat), ctypes.c_long, ctypes.c_long, ctypes.c_ulong]
    lib.nmod_mat_init.restype = None
    lib.nmod_mat_rank.argtypes = [ctypes.POINTER(NmodMat)]
    lib.nmod_mat_rank.restype = ctypes.c_long
    lib.nmod_mat_clear.argtypes = [ctypes.POINTER(NmodMat)]
    lib.nmod_mat_clear.restype = None
    return lib


def flint_rank(lib, S, p):
    """nmod_mat_rank of the residues S (K x K, int64 in [0, p)), copied row by row through rows[i]."""
    k_rows, k_cols = S.shape
    mat = NmodMat()
    lib.nmod_mat_init(ctypes.byref(mat), k_rows, k_cols, p)
    src = np.ascontiguousarray(S, dtype=np.uint64)
    row_bytes = k_cols * 8
    for i in range(k_rows):
        dst = ctypes.cast(mat.rows[i], ctypes.c_void_p)
        ctypes.memmove(dst, src[i].ctypes.data, row_bytes)
    rank = lib.nmod_mat_rank(ctypes.byref(mat))
    lib.nmod_mat_clear(ctypes.byref(mat))
    return rank


def feasible_ranks(n, r, d):
    """Bond ranks r clipped to what the shape allows (min of r, n^k, n^(d-k)), 1 at both ends."""
    return [1] + [max(1, min(r, n**k, n ** (d - k))) for k in range(1, d)] + [1]


def random_tt(n, r, d, rng, p):
    """The random integer TT's cores G_k (r_k, n, r_{k+1}), reduced mod p."""
    ranks = feasible_ranks(n, r, d)
    return [rng.integers(-ENTRY_BOUND, ENTRY_BOUND + 1, size=(ranks[k], n, ranks[k + 1]), dtype=np.int64) % p for k in range(d)]


def mode_matrices(core, vectors, p):
    """A(a) = sum_i vectors[a, i] G[:, i, :] mod p for every vector a: (K, r_k, r_{k+1})."""
    out = np.zeros((vectors.shape[0], core.shape[0], core.shape[2]), dtype=np.int64)
    for i in range(core.shape[1]):
        out += vectors[:, i, None, None] * core[None, :, i, :]
        out %= p
    return out


def sketch(cores, vectors, is_row, K, p):
    """S (K x K) mod p: the chain of mode matrices over every pair (row vector a, column vector b)."""
    d = len(cores)
    mats = [mode_matrices(cores[m], vectors[m], p) for m in range(d)]
    S = np.empty((K, K), dtype=np.int64)
    block = max(1, BLOCK_ENTRIES // K)
    width = max(c.shape[2] for c in cores)
    for a0 in range(0, K, block):
        rows = min(K, a0 + block) - a0

        def coef(m, i, j):
            # Broadcast over the block: a row mode varies with a (axis 0), a column mode with b.
            col = mats[m][:, i, j]
            return col[a0 : a0 + rows, None] if is_row[m] else col[None, :]

        state = [np.broadcast_to(coef(0, 0, j), (rows, K)).copy() for j in range(cores[0].shape[2])]
        spare = [np.empty((rows, K), dtype=np.int64) for _ in range(width)]
        scratch = np.empty((rows, K), dtype=np.int64)
        for m in range(1, d):
            r_in, r_out = cores[m].shape[0], cores[m].shape[2]
            for j in range(r_out):
                acc = spare[j]
                np.multiply(state[0], coef(m, 0, j), out=acc)
                for i in range(1, r_in):
                    np.multiply(state[i], coef(m, i, j), out=scratch)
                    acc += scratch
                    if i % TERMS_PER_REDUCTION == TERMS_PER_REDUCTION - 1:
                        np.remainder(acc, p, out=acc)
                np.remainder(acc, p, out=acc)
            state, spare = spare[:r_out], state + spare[r_out:]
            spare += [np.empty((rows, K), dtype=np.int64) for _ in range(width - len(spare))]
        S[a0 : a0 + rows] = state[0]
    return S


def dense_sketch(cores, vectors, is_row, K, p):
    """S from the full tensor with Python integers: the reference --check compares against (small sizes only)."""
    x = np.array([[1]], dtype=object)
    for core in cores:
        x = np.tensordot(x, core.astype(object), axes=([x.ndim - 1], [0]))
    x = x.reshape([c.shape[1] for c in cores])
    S = np.empty((K, K), dtype=object)
    for a in range(K):
        for b in range(K):
            y = x
            for m in range(len(cores)):
                y = np.tensordot((vectors[m][a] if is_row[m] else vectors[m][b]).astype(object), y, axes=([0], [0]))
            S[a, b] = int(y) % p
    return S


def main():
    ap = argparse.ArgumentParser(description="Theorem 1 at (n, r, d): rank S of the odd/even sketch with FLINT")
    ap.add_argument("n", type=int)
    ap.add_argument("r", type=int)
    ap.add_argument("d", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="also form S from the full tensor (small sizes) and compare")
    o = ap.parse_args()
    if o.n < 1 or o.r < 1 or o.d < 2 or o.d % 2 != 0:
        sys.exit("need n, r >= 1 and an even d >= 2")
    lib = load_flint()
    p = PRIME
    K = min(o.n, o.r) ** (o.d // 2)
    rng = np.random.default_rng(o.seed)
    t0 = time.perf_counter()
    cores = random_tt(o.n, o.r, o.d, rng, p)
    is_row = [m % 2 == 0 for m in range(o.d)]
    vectors = [rng.integers(0, p, size=(K, o.n), dtype=np.int64) for _ in range(o.d)]
    S = sketch(cores, vectors, is_row, K, p)
    t1 = time.perf_counter()
    rank = flint_rank(lib, S, p)
    t2 = time.perf_counter()
    if o.check and not np.array_equal(S.astype(object), dense_sketch(cores, vectors, is_row, K, p)):
        sys.exit("--check: the vectorised sketch differs from the dense reference")
    print(json.dumps({"n": o.n, "r": o.r, "d": o.d, "seed": o.seed, "K": K, "rank": rank, "prime": p, "sketchSeconds": round(t1 - t0, 4), "rankSeconds": round(t2 - t1, 4)}))
    sys.exit(0 if rank == K else 1)


if __name__ == "__main__":
    main()
