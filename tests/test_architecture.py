"""The layering rules of DESIGN.md, checked on the source: imports go down only, the library and the lessons'
maths import no UI, pages stay short, nothing evaluates or unpickles what a learner supplies."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each layer may import the layers below it (a smaller rank), never one above or beside it.
# classes: class mode's storage (SQLite / PostgreSQL), which ui's class pages read and write.
RANK = {"core": 0, "analysis": 1, "viz": 1, "classes": 1, "ui": 2, "playground_kit": 3, "pages": 4}
THIRD_PARTY_BANNED = {"core": {"streamlit", "plotly"}, "analysis": {"streamlit", "plotly"}, "viz": {"streamlit"},
                      "classes": {"streamlit", "plotly"}}
PAGE_BUDGET = 150


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def sources(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    return files


@pytest.mark.parametrize("package", list(RANK))
def test_imports_go_down_only(package):
    for f in sources(package):
        for name in imported_modules(f) & set(RANK):
            assert name == package or RANK[name] < RANK[package], f"{f.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("package", list(THIRD_PARTY_BANNED))
def test_the_library_and_the_maths_import_no_ui(package):
    for f in sources(package):
        assert not imported_modules(f) & THIRD_PARTY_BANNED[package], f


def test_the_router_imports_only_ui():
    assert imported_modules(ROOT / "app.py") & set(RANK) == {"ui"}


def test_no_pickle_or_eval_anywhere():
    for package in RANK:
        for f in sources(package):
            tree = ast.parse(f.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id not in {"eval", "exec"}, f
            assert "pickle" not in imported_modules(f), f


def test_pages_are_short():
    for f in sources("pages"):
        assert len(f.read_text(encoding="utf-8").splitlines()) <= PAGE_BUDGET, f


def test_no_page_has_parts_next_door():
    stems = {f.stem for f in sources("pages")}
    assert not [f for f in sources("ui") if f.stem.endswith("_parts") or f.stem.split("_")[0] in stems]


def test_no_package_is_named_like_a_page():
    """A page script runs with pages/ on sys.path: a package named like a page would import the page instead."""
    stems = {f.stem for f in sources("pages")}
    assert not stems & {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}


# Only the chart component's fallbacks (no plotly.js in static/) may draw with st.plotly_chart: it brings the full
# plotly.js to the page, and the lessons' charts draw with their own smaller one (ui/charts.py).
PLOTLY_CHART_FALLBACKS = {"ui/live_plot.py", "ui/click_map.py"}


def test_charts_are_drawn_by_the_chart_component():
    for package in ("ui", "playground_kit", "pages"):
        for f in sources(package):
            calls = [node for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))
                     if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                     and node.func.attr == "plotly_chart"]
            assert not calls or f.relative_to(ROOT).as_posix() in PLOTLY_CHART_FALLBACKS, f
