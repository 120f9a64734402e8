"""The data the lessons work with: scikit-learn's bundled sets and generators, and a learner's own CSV file."""

from core.data.csv_reader import read_csv
from core.data.datasets import DATASETS, Dataset, load_dataset, subsample

__all__ = ["DATASETS", "Dataset", "load_dataset", "read_csv", "subsample"]
