"""Page parts shared by the `pca` and `linear_autoencoder` lessons: the data choice and cached PCA results.

Both lessons use the same data and the same k, so a learner who set them on the PCA page finds them again on
the linear-autoencoder page (its widgets start from the PCA page's values).
"""

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import DATASETS, PCA
from core.metrics import reconstruction_error
from core.pca import discarded_variance, eigenvalues
from ui.pickers import cached_dataset
from ui.state import default

# The data these lessons offer, each standardised, with its load options. The 3-D cloud lives near a plane
# (rank 2) plus visible noise, so the error segments of a projection can be seen.
DATA_OPTIONS: dict[str, dict] = {
    "digits": {},
    "low_rank": dict(n_features=3, rank=2, noise=0.5, n_samples=300),
    "wine": {},
}
DATA_TITLES = {"low_rank": "Low-rank cloud in 3-D (rank 2 + noise)"}


def data_title(name: str) -> str:
    return DATA_TITLES.get(name, DATASETS[name].title)


def load(name: str):
    """The standardised dataset ``name`` with this lesson's options (cached per server)."""
    return cached_dataset(name, scale="standard", **DATA_OPTIONS[name])


def data_picker(page: str, *, container=None):
    """Selectbox ``"<page>:dataset"`` over ``DATA_OPTIONS`` (starting from the PCA page's choice); the Dataset."""
    where = container if container is not None else st
    key = f"{page}:dataset"
    default(key, st.session_state.get("pca:dataset", "digits"))
    if st.session_state[key] not in DATA_OPTIONS:
        st.session_state[key] = "digits"
    name = where.selectbox("Dataset", list(DATA_OPTIONS), key=key, format_func=data_title)
    data = load(name)
    where.caption(f"{data.description} Standardised: every feature has mean 0 and standard deviation 1.")
    return data


def k_slider(page: str, D: int, *, container=None, max_k: int | None = None) -> int:
    """Slider ``"<page>:k"`` for the code size, 1..min(D, max_k), starting from the PCA page's k (else 2)."""
    where = container if container is not None else st
    key = f"{page}:k"
    top = D if max_k is None else min(D, max_k)
    default(key, st.session_state.get("pca:k", 2))
    st.session_state[key] = int(min(max(st.session_state[key], 1), top))  # a new dataset may have fewer features
    return where.slider("Code size k (components kept)", 1, top, key=key,
                        help="How many numbers each point is squeezed into.")


@dataclass(frozen=True)
class PcaResult:
    """PCA with k components on one dataset, and the two independent ways of computing its error.

    ``J`` is measured: sum_n ||x_n - x_hat_n||^2 over the reconstructions. ``J_eig`` is N * sum_{i>k} lambda_i
    from the eigenvalues of the 1/N covariance. The lesson shows that they agree.
    """

    k: int
    n: int
    components: np.ndarray   # (k, D)
    mean: np.ndarray         # (D,)
    Z: np.ndarray            # (N, k) codes
    X_hat: np.ndarray        # (N, D) reconstructions
    J: float
    J_eig: float
    eigenvalues: np.ndarray  # (D,) of the 1/N covariance, largest first
    optima: np.ndarray       # (D + 1,) J*/N for every k

    @property
    def optimum(self) -> float:
        """PCA's optimum per sample, J*/N = sum_{i>k} lambda_i (the dashed line on loss charts)."""
        return float(self.optima[self.k])

    @property
    def kept_fraction(self) -> float:
        total = self.eigenvalues.sum()
        return float(self.eigenvalues[: self.k].sum() / total) if total > 0 else 1.0


@st.cache_data(show_spinner=False, max_entries=128)
def pca_result(name: str, k: int) -> PcaResult:
    """Fit ``core.PCA(k)`` on the dataset ``name`` (cached per dataset and k)."""
    X = load(name).X
    pca = PCA(n_components=k).fit(X)
    Z = pca.transform(X)
    X_hat = pca.inverse_transform(Z)
    lam = eigenvalues(X)
    return PcaResult(
        k=k, n=len(X), components=pca.components_, mean=pca.mean_, Z=Z, X_hat=X_hat,
        J=len(X) * reconstruction_error(X, X_hat), J_eig=len(X) * float(lam[k:].sum()),
        eigenvalues=lam, optima=discarded_variance(X),
    )


def tex_number(x: float, digits: int = 1) -> str:
    """A number for LaTeX with thin-space thousands separators: 87123.4 -> 87\\,123.4."""
    return f"{x:,.{digits}f}".replace(",", "\\,")
