"""The maths each lesson shows, on top of ``core``: one module per lesson or theme, pure NumPy, no UI."""
