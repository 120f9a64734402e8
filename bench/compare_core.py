"""Is ``core`` slower than it was? bench_core.py's rows for core.Autoencoder, this tree against a git revision.

The revision is exported with ``git archive`` into a temporary folder. Each measurement runs in a fresh Python
process of its own tree (the two ``core`` packages cannot share one process), and the two trees alternate run by
run, so that a change in the machine's speed hits both alike. Each figure is the median over ``--repeats`` runs
of the CPU time (or throughput) measured inside the process, as bench_core.py measures it.

    python bench/compare_core.py --base HEAD~1
    python bench/compare_core.py --base 48b0c80 --repeats 15
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One measurement, run inside a tree: prints {"row": value}. Uses that tree's own bench_core.py and core.
PROBE = r"""
import json, sys, time
sys.path.insert(0, ".")
sys.argv = ["bench_core"]
from threadpoolctl import threadpool_limits
threadpool_limits(1)
from sklearn.datasets import load_digits
from sklearn.preprocessing import StandardScaler
import bench.bench_core as b
b.clock = time.process_time
X = StandardScaler().fit_transform(load_digits().data)
seed = int(SEED)
out = {}
for k in (2, 10):
    target = 1.01 * b.pca_optimum(X, k)
    b.ours_to_optimum(X, k, target, seed)  # warm-up
    out[f"(1) linear AE to 1% of PCA, k={k} (ms)"] = 1000 * b.ours_to_optimum(X, k, target, seed)[0]
b.ours_throughput(X, seed)
out["(2) 64-32-2-32-64 tanh, batch 64 (samples/s)"] = b.ours_throughput(X, seed)
print(json.dumps(out))
"""


def measure(tree: Path, seed: int) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE.replace("SEED", str(seed))], cwd=tree, check=True,
                            capture_output=True, text=True,
                            env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                                 "PATH": "/usr/bin:/bin"})
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="HEAD~1", help="the git revision to compare with")
    ap.add_argument("--repeats", type=int, default=9)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        runs = {"base": [], "here": []}
        for seed in range(args.repeats):
            for name, tree in (("base", base), ("here", ROOT)):
                runs[name].append(measure(tree, seed))
    rows = list(runs["here"][0])
    print(f"# core.Autoencoder, this tree against {args.base}: median of {args.repeats} runs each, alternating, "
          "CPU time, 1 BLAS thread")
    print("\n| row | " + args.base + " | this tree | this tree / base |\n|---|---|---|---|")
    for row in rows:
        a, b = (statistics.median(r[row] for r in runs[name]) for name in ("base", "here"))
        print(f"| {row} | {a:,.1f} | {b:,.1f} | {b / a:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
