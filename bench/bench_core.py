"""Benchmark core.Autoencoder against scikit-learn's MLPRegressor and (if installed) PyTorch on the CPU.

Run:  python bench/bench_core.py [--repeats 5]

(1) Time for a linear autoencoder to come within 1 % of PCA's optimum J*/N = sum_{i>k} lambda_i on
    standardised digits (1797 x 64), k = 2 and k = 10: Adam, learning rate 0.01, full batch, random init.
    Every contender checks the loss it already computes (the full-batch loss of the forward pass before each
    step is the loss after the previous step), so nobody pays for an extra evaluation.
(2) Training throughput (samples/s) of a 64-32-2-32-64 tanh autoencoder (identity output), Adam, lr 0.001,
    batch 64, shuffled every epoch, on the same data. core.Autoencoder's figure includes its exact full-data
    loss after every epoch; PyTorch's and MLPRegressor's loops compute only batch losses.

Loss scaling: core and the PyTorch loop minimise (1/N) sum_n ||y_n - x_n||^2; MLPRegressor minimises half the
mean over all N*D entries, i.e. the same objective divided by 2D. Adam's steps are invariant to that scale
(up to its epsilon), so the runs are comparable; its loss_curve_ is multiplied by 2D before comparing.

PyTorch starts from core's initial weights (same seed), so the two need the same number of epochs and the
time compares speed alone; MLPRegressor uses its own Glorot initialisation (its epochs are shown).

Every library runs single-threaded (threadpoolctl limits BLAS to 1 thread; torch.set_num_threads(1)). Each
figure is the median over ``--repeats`` runs (seeds 0, 1, ...) after one untimed warm-up, the contenders
interleaved run by run so that a change in the machine's load hits them alike. PyTorch is optional
(``pip install torch==2.13.0`` into the venv; it never goes into requirements); without it its rows are
skipped and the header says so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.autoencoder import Autoencoder  # noqa: E402

try:
    import torch
except ImportError:  # optional
    torch = None

MAX_EPOCHS = 5000
clock = time.perf_counter  # --clock cpu switches to time.process_time (CPU seconds of this process)
THROUGHPUT_EPOCHS = 20


def pca_optimum(X, k):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(s[k:] ** 2) / len(X))


def _copy_init(net, model):
    """Start the PyTorch net from core's very weights, so both runs need the same number of epochs."""
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for lin, W, b in zip(linears, model.coefs_, model.intercepts_, strict=True):
            lin.weight.copy_(torch.from_numpy(W.T.copy()))
            lin.bias.copy_(torch.from_numpy(b.copy()))


# ----------------------------------------------------------------------------- (1) time to PCA's optimum
def ours_to_optimum(X, k, target, seed):
    model = Autoencoder(hidden_layer_sizes=(k,), learning_rate=0.01, random_state=seed)
    start = clock()
    for record in model.fit_iter(X, epochs=MAX_EPOCHS):
        if record["loss"] <= target:
            return clock() - start, record["epoch"]
    return float("nan"), MAX_EPOCHS


def torch_to_optimum(X, k, target, seed):
    Xt = torch.from_numpy(X)
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], k), torch.nn.Linear(k, X.shape[1])).double()
    _copy_init(net, Autoencoder(hidden_layer_sizes=(k,), max_epochs=0, random_state=seed).fit(X))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    start = clock()
    for epoch in range(MAX_EPOCHS + 1):
        loss = ((net(Xt) - Xt) ** 2).sum(dim=1).mean()
        if loss.item() <= target:  # the loss after `epoch` steps
            return clock() - start, epoch
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return float("nan"), MAX_EPOCHS


def mlp_to_optimum(X, k, target, seed):
    def make(max_iter):
        return MLPRegressor(hidden_layer_sizes=(k,), activation="identity", solver="adam", alpha=0.0,
                            learning_rate_init=0.01, batch_size=len(X), max_iter=max_iter, shuffle=False,
                            tol=0.0, n_iter_no_change=10**9, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for budget in (250, 1000, MAX_EPOCHS):  # find the epochs it needs, untimed
            probe = make(budget).fit(X, X)  # its loss_curve_[e] is the loss after e steps (before step e+1)
            hits = np.flatnonzero(np.asarray(probe.loss_curve_) * 2 * X.shape[1] <= target)
            if hits.size:
                break
        else:
            return float("nan"), MAX_EPOCHS
        epochs = int(hits[0])  # steps needed
        start = clock()
        make(max(epochs, 1)).fit(X, X)
        return clock() - start, epochs


# ---------------------------------------------------------------------------------------- (2) throughput
def ours_throughput(X, seed):
    model = Autoencoder(hidden_layer_sizes=(32, 2), activation="tanh", learning_rate=0.001, batch_size=64,
                        random_state=seed)
    start = clock()
    for _ in model.fit_iter(X, epochs=THROUGHPUT_EPOCHS):
        pass
    return len(X) * THROUGHPUT_EPOCHS / (clock() - start)


def torch_throughput(X, seed):
    torch.manual_seed(seed)
    Xt = torch.from_numpy(X)
    d = X.shape[1]
    L, T = torch.nn.Linear, torch.nn.Tanh
    net = torch.nn.Sequential(L(d, 32), T(), L(32, 2), T(), L(2, 32), T(), L(32, d)).double()
    _copy_init(net, Autoencoder(hidden_layer_sizes=(32, 2), activation="tanh", max_epochs=0,
                                random_state=seed).fit(X))
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    start = clock()
    for _ in range(THROUGHPUT_EPOCHS):
        for idx in torch.randperm(len(Xt)).split(64):
            xb = Xt[idx]
            loss = ((net(xb) - xb) ** 2).sum(dim=1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return len(X) * THROUGHPUT_EPOCHS / (clock() - start)


def mlp_throughput(X, seed):
    model = MLPRegressor(hidden_layer_sizes=(32, 2, 32), activation="tanh", solver="adam", alpha=0.0,
                         learning_rate_init=0.001, batch_size=64, max_iter=THROUGHPUT_EPOCHS, shuffle=True,
                         tol=0.0, n_iter_no_change=10**9, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = clock()
        model.fit(X, X)
    return len(X) * THROUGHPUT_EPOCHS / (clock() - start)


# ------------------------------------------------------------------------------------------------ report
def medians(fns, repeats, *args):
    """Median over seeds 0..repeats-1 of each ``fn(*args, seed)``, the contenders interleaved run by run so a
    change in the machine's load hits them alike. Each gets one untimed warm-up run first."""
    for fn in fns.values():
        fn(*args, 0)
    runs = {name: [] for name in fns}
    for seed in range(repeats):
        for name, fn in fns.items():
            runs[name].append(fn(*args, seed))
    out = {}
    for name, values in runs.items():
        if isinstance(values[0], tuple):
            out[name] = (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        else:
            out[name] = statistics.median(values)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="wall time, or CPU time of this process (steadier on a shared, busy machine)")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    X = StandardScaler().fit_transform(load_digits().data)
    if torch is not None:
        torch.set_num_threads(1)
    contenders = [("core.Autoencoder", ours_to_optimum, ours_throughput),
                  ("sklearn MLPRegressor", mlp_to_optimum, mlp_throughput)]
    if torch is not None:
        contenders.append((f"PyTorch {torch.__version__} (CPU)", torch_to_optimum, torch_throughput))

    load = os.getloadavg()[0]
    print(f"# core benchmark: digits {X.shape[0]}x{X.shape[1]} standardised, float64, 1 thread everywhere, "
          f"{args.clock} clock, median of {args.repeats} interleaved runs; load average {load:.1f} on "
          f"{os.cpu_count()} cores")
    if torch is None:
        print("# PyTorch not installed: its rows are skipped")
    print()
    print("| task | contender | median | epochs | vs PyTorch | target |")
    print("|---|---|---|---|---|---|")
    with threadpool_limits(1):
        for k in (2, 10):
            target = 1.01 * pca_optimum(X, k)
            times = medians({name: fn for name, fn, _ in contenders}, args.repeats, X, k, target)
            ref = next((v[0] for n, v in times.items() if n.startswith("PyTorch")), None)
            for name, (seconds, epochs) in times.items():
                ratio = f"{seconds / ref:.2f}x time" if ref else "-"
                goal = ("met" if seconds <= 0.5 * ref else "MISSED") if ref and name.startswith("core") else ""
                print(f"| (1) linear AE to 1% of PCA, k={k} | {name} | {seconds * 1e3:.0f} ms | {epochs:.0f} "
                      f"| {ratio} | {'<= 0.5x: ' + goal if goal else ''} |")
        rates = medians({name: fn for name, _, fn in contenders}, args.repeats, X)
        ref = next((v for n, v in rates.items() if n.startswith("PyTorch")), None)
        for name, rate in rates.items():
            ratio = f"{rate / ref:.2f}x throughput" if ref else "-"
            goal = ("met" if rate >= 2 * ref else "MISSED") if ref and name.startswith("core") else ""
            print(f"| (2) 64-32-2-32-64 tanh, batch 64 | {name} | {rate:,.0f} samples/s | {THROUGHPUT_EPOCHS} "
                  f"| {ratio} | {'>= 2x: ' + goal if goal else ''} |")


if __name__ == "__main__":
    main()
