#!/usr/bin/env python3
"""Peer of bench/sparse-poisson.ts in NumPy/SciPy: the same 2-D Poisson system,
the same Lanczos spectrum estimate (plain three-term recurrence, K steps, no
re-orthogonalisation; tridiagonal eigenvalues by scipy.linalg.eigh_tridiagonal),
the same Chebyshev steps (stable order, T = 200, closed-form interval) and the
same per-iteration timing against one SpMV measured in the same run
(interleaved, medians). Prints one JSON object.

    python3 bench/peer_scipy_poisson.py [--quick] [--n NX] [--steps K] [--iterations T]

Iteration variants:
  numpy:    r = b - A @ x;  x += g * r           (idiomatic; allocates temporaries)
  inplace:  y = A @ x (scipy allocates y); np.subtract(b, y, out=r);
            r *= g; x += r                       (no other temporaries)
The random vectors come from NumPy's generator (not dugd's Rng): timings
and the convergence bound do not depend on the particular draw.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.linalg import eigh_tridiagonal


def poisson2d(nx, ny):
    """5-point Laplacian I (x) T_nx + T_ny (x) I, unknown (i, j) -> j nx + i."""
    tx = sp.diags([-np.ones(nx - 1), 2 * np.ones(nx), -np.ones(nx - 1)], [-1, 0, 1])
    ty = sp.diags([-np.ones(ny - 1), 2 * np.ones(ny), -np.ones(ny - 1)], [-1, 0, 1])
    a = sp.kron(sp.identity(ny), tx) + sp.kron(ty, sp.identity(nx))
    a = sp.csr_array(a)
    a.sort_indices()
    return a


def lam1d(k, m):
    return 4 * math.sin(k * math.pi / (2 * (m + 1))) ** 2


def stable_labels(T):
    if T == 1:
        return [1]
    out = []
    for t in stable_labels(T // 2):
        out += [t, 2 * T - t]
    if T % 2 == 1:
        out.append(T)
    return out


def chebyshev_steps_stable(T, lmin, lmax):
    c, d = (lmax + lmin) / 2, (lmax - lmin) / 2
    steps = [1 / (c + d * math.cos(math.pi * (2 * k + 1) / (2 * T))) for k in range(T)]
    return [steps[(t - 1) // 2] for t in stable_labels(T)]


def lanczos(a, v, k):
    """Plain Lanczos (Paige's ordering), no re-orthogonalisation; extreme Ritz values."""
    n = a.shape[0]
    q = v / np.linalg.norm(v)
    q_prev = np.zeros(n)
    alpha, beta = [], []
    b_prev = 0.0
    for j in range(k):
        w = a @ q                      # w = A q_j
        w -= b_prev * q_prev           # w = A q_j - beta_j q_{j-1}
        al = q @ w                     # alpha_j = q_j . w
        w -= al * q                    # w = w - alpha_j q_j
        b = np.linalg.norm(w)
        alpha.append(al)
        beta.append(b)
        if j == k - 1:
            break
        q_prev, q = q, w / b           # q_{j+1} = w / beta_{j+1}
        b_prev = b
    theta, s = eigh_tridiagonal(np.array(alpha), np.array(beta[:-1]))
    bounds = np.abs(beta[-1] * s[-1, :])
    return theta[0], theta[-1], bounds[0], bounds[-1], len(alpha)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--n', type=int)
    ap.add_argument('--steps', type=int)
    ap.add_argument('--iterations', type=int, default=200)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    nx = args.n or (200 if args.quick else 1000)
    K = args.steps or (60 if args.quick else 200)
    T = args.iterations
    rng = np.random.default_rng(args.seed)

    t0 = time.perf_counter()
    a = poisson2d(nx, nx)
    build_ms = (time.perf_counter() - t0) * 1e3
    n = a.shape[0]
    lmin, lmax = lam1d(1, nx) * 2, lam1d(nx, nx) * 2
    x_star = rng.standard_normal(n)
    b = a @ x_star

    eigh_tridiagonal(np.array([1.0, 2.0]), np.array([0.5]))  # warm-up (loads LAPACK)
    t0 = time.perf_counter()
    emin, emax, bmin, bmax, steps = lanczos(a, rng.standard_normal(n), K)
    est_ms = (time.perf_counter() - t0) * 1e3

    gamma = chebyshev_steps_stable(T, lmin, lmax)
    probe = rng.standard_normal(n)
    a @ probe  # warm-up
    x1 = np.zeros(n)
    x2 = np.zeros(n)
    r = np.empty(n)
    t_spmv, t_np, t_in = [], [], []
    for k in range(T):
        g = gamma[k]
        s = time.perf_counter()
        a @ probe                          # SpMV alone
        t_spmv.append(time.perf_counter() - s)
        s = time.perf_counter()
        rr = b - a @ x1                    # r = b - A x_k
        x1 += g * rr                       # x_{k+1} = x_k + gamma_k r
        t_np.append(time.perf_counter() - s)
        s = time.perf_counter()
        y = a @ x2                         # y = A x_k
        np.subtract(b, y, out=r)           # r = b - y
        r *= g
        x2 += r                            # x_{k+1} = x_k + gamma_k r
        t_in.append(time.perf_counter() - s)

    med = lambda v: float(np.median(v)) * 1e3
    spmv = med(t_spmv)
    res = np.linalg.norm(b - a @ x1) / np.linalg.norm(b)
    res2 = np.linalg.norm(b - a @ x2) / np.linalg.norm(b)
    err = np.linalg.norm(x1 - x_star) / np.linalg.norm(x_star)
    sigma = (lmax + lmin) / (lmax - lmin)
    out = {
        'benchmark': 'sparse-poisson peer (NumPy %s, SciPy %s, Python %s)'
        % (np.__version__, scipy.__version__, sys.version.split()[0]),
        'settings': {'n': nx, 'steps': K, 'iterations': T, 'seed': args.seed, 'quick': args.quick},
        'n': n,
        'nnz': int(a.nnz),
        'buildMs': build_ms,
        'spectrum': {
            'method': 'lanczos (no re-orthogonalisation)',
            'lanczosSteps': steps,
            'estimateMs': est_ms,
            'lmin': float(emin),
            'lmax': float(emax),
            'lminBound': float(bmin),
            'lmaxBound': float(bmax),
            'exactLmin': lmin,
            'exactLmax': lmax,
        },
        'spmvMs': spmv,
        'iteration': {
            'T': T,
            'order': 'stable',
            'medianMs': med(t_np),
            'ratioToSpmv': med(t_np) / spmv,
            'residualRatio': float(res),
            'errorRatio': float(err),
            'chebyshevBound': 1 / math.cosh(T * math.acosh(sigma)),
        },
        'inplace': {
            'medianMs': med(t_in),
            'ratioToSpmv': med(t_in) / spmv,
            'residualRatio': float(res2),
        },
    }
    print(json.dumps(out, indent=2))


if __name__ == '__main__':
    main()
