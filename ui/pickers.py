"""Pickers shared by the lessons: a dataset selectbox over ``core.DATASETS``, loaded through a cache."""

import streamlit as st

from core import DATASETS, load_dataset
from ui import state


@st.cache_data(show_spinner=False, max_entries=64)
def cached_dataset(name: str, **options):
    """``core.load_dataset`` behind ``st.cache_data``: the same name and options load once per server."""
    return load_dataset(name, **options)


def dataset_picker(
    page: str,
    names: list[str] | None = None,
    default: str = "digits",
    *,
    scale: str | None = "standard",
    label: str = "Dataset",
    container=None,
    **load_options,
):
    """A selectbox over the built-in datasets (``names`` or all of them); returns the loaded ``Dataset``."""
    where = container if container is not None else st
    options = list(names) if names else list(DATASETS)
    key = f"{page}:dataset"
    state.default(key, default if default in options else options[0])
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    name = where.selectbox(label, options, key=key, format_func=lambda n: DATASETS[n].title)
    data = cached_dataset(name, scale=scale, **load_options)
    where.caption(data.description)
    return data
