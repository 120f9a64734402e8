"""The layering rules of DESIGN.md, checked on the source: core/ imports no UI, viz/ no Streamlit."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_ui():
    files = list((ROOT / "core").rglob("*.py"))
    assert files
    for f in files:
        assert not imported_modules(f) & {"streamlit", "plotly", "ui", "viz"}, f


def test_viz_imports_no_streamlit():
    files = list((ROOT / "viz").rglob("*.py"))
    assert files
    for f in files:
        assert not imported_modules(f) & {"streamlit", "ui"}, f


def test_no_pickle_or_eval_anywhere():
    for folder in ("core", "viz", "ui", "pages"):
        for f in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(f.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id not in {"eval", "exec"}, f
            assert "pickle" not in imported_modules(f), f


def test_pages_are_thin():
    for f in (ROOT / "pages").glob("*.py"):
        assert len(f.read_text(encoding="utf-8").splitlines()) <= 200, f
