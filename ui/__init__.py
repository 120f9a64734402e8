"""Streamlit page parts shared by every lesson: state, lesson prose and questions, pickers, live training."""
