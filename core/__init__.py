"""The NumPy library behind the lessons: PCA, a scikit-learn-style Autoencoder, data and metrics.

Nothing in here imports Streamlit or Plotly; pages and figures build on top of it.
"""

from core.errors import DataError, TrainingDiverged
from core.autoencoder import Autoencoder
from core.pca import PCA
from core.datasets import DATASETS, load_dataset
from core.csv_reader import read_csv

__all__ = [
    "PCA",
    "Autoencoder",
    "TrainingDiverged",
    "DataError",
    "DATASETS",
    "load_dataset",
    "read_csv",
]
