"""The NumPy library behind the lessons: PCA, a scikit-learn-style Autoencoder, metrics, and the data.

Nothing in here imports Streamlit or Plotly; the lessons' analyses, figures and pages build on top of it.
"""

from core.autoencoder import Autoencoder
from core.data import DATASETS, Dataset, load_dataset, read_csv
from core.errors import DataError, TrainingDiverged
from core.pca import PCA

__all__ = [
    "PCA",
    "Autoencoder",
    "TrainingDiverged",
    "DataError",
    "DATASETS",
    "Dataset",
    "load_dataset",
    "read_csv",
]
