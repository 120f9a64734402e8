"""Shared test set-up: the repo root on sys.path, one BLAS thread, and the `browser` marker."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Small matrices: threads only add overhead and make runs fight over the two cores.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")



# AppTests of app.py have no server to visit: no warm-up in this process (a browser test's server sets its own).
os.environ.setdefault("AE_WARM_UP", "0")

# Tests want the real error message (learners get Streamlit's redacted one, see .streamlit/config.toml).
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")
