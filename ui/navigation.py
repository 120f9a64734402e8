"""The map of the app: every page, its section, title, icon and one-line summary, in one table.

``app.py`` builds the navigation from it (`navigation`) and the home page draws the lesson map from it. A page is
listed only once its file exists in ``pages/`` (no placeholders); its URL path is the file's stem.
"""

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
MENU_DIR = Path(__file__).resolve().parent / "menu"


@dataclass(frozen=True)
class PageInfo:
    stem: str
    title: str
    icon: str
    section: str
    summary: str

    @property
    def path(self) -> str:
        return f"pages/{self.stem}.py"


HOME = PageInfo("home", "Start here", ":material/home:", "", "What this is and how to use it in class.")
PAGES = [
    PageInfo("autoencoder", "1 · The idea", ":material/hub:", "Lessons",
             "A network trained to output its own input, through a narrow code: x → z = f(Wx) → y = g(Vz) ≈ x."),
    PageInfo("pca", "2 · PCA's objective", ":material/straighten:", "Lessons",
             "Reconstruct from k directions; the smallest error J/N is the sum of the discarded eigenvalues."),
    PageInfo("linear_autoencoder", "3 · Linear AE = PCA", ":material/compare_arrows:", "Lessons",
             "Train y = VWx live and watch it reach PCA's optimum: same subspace, different axes."),
    PageInfo("landscape", "3b · The loss landscape", ":material/landscape:", "Lessons",
             "Walk on the loss surface of the smallest linear autoencoder: a maximum, saddles, PCA's minima, and L2."),
    PageInfo("nonlinear", "4 · Nonlinear codes", ":material/show_chart:", "Lessons",
             "ReLU, tanh, sigmoid: bend the code and beat PCA on curved data."),
    PageInfo("deep", "5 · Deep autoencoders", ":material/stacks:", "Lessons",
             "Stack layers, pre-train greedily, and compare 2-D maps of the digits."),
    PageInfo("training", "6 · Training tricks", ":material/tune:", "Lessons",
             "Backprop checked numerically; optimisers; L2, dropout and denoising against overfitting."),
    PageInfo("use_the_code", "7 · Use the code", ":material/output:", "Lessons",
             "Feed the code to a classifier, fit(X, X) in a Pipeline, and ask how many dimensions there are."),
    PageInfo("one_update", "One update, slow motion", ":material/slow_motion_video:", "Explore",
             "Forward, loss, backward and the step of a tiny network, with every number on screen."),
    PageInfo("draw", "Draw your data", ":material/draw:", "Explore",
             "Drag 2-D points and watch PCA's line and the autoencoder's curve follow."),
    PageInfo("in_class", "Class mode", ":material/groups:", "Explore",
             "Start a class: the room answers a lesson's question on its phones, the projector shows the votes."),
    PageInfo("playground", "Playground", ":material/science:", "Explore",
             "Every control, your own CSV, a shareable link and exports."),
]


def built(pages: list[PageInfo] = PAGES) -> list[PageInfo]:
    """The pages whose script exists: the only ones the app shows."""
    return [p for p in pages if (PAGES_DIR / f"{p.stem}.py").exists()]


_menu = st.components.v2.component("app_menu", js=(MENU_DIR / "menu.js").read_text(encoding="utf-8"),
                                   css=(MENU_DIR / "menu.css").read_text(encoding="utf-8"), isolate_styles=False)


def sectioned() -> dict[str, list[PageInfo]]:
    """The home page first (no section), then every built page under its section, in the table's order."""
    sections: dict[str, list[PageInfo]] = {"": [HOME]}
    for p in built():
        sections.setdefault(p.section, []).append(p)
    return sections


def navigation_sections(sections: dict[str, list[PageInfo]]) -> dict[str, list]:
    """``st.navigation``'s input: one list of ``st.Page`` per section of ``sectioned``."""
    return {title: [st.Page(p.path, title=p.title, icon=p.icon, default=True) if p is HOME else
                    st.Page(p.path, title=p.title, icon=p.icon, url_path=p.stem) for p in pages]
            for title, pages in sections.items()}


def menu_data(sections: dict[str, list[PageInfo]], current: str) -> dict:
    """What the menu draws: per section of ``sectioned`` its title and links (relative, so the app may live under
    any path); ``current`` is the URL path of the page on screen ("" for home)."""
    def item(p: PageInfo) -> dict:
        path = "" if p is HOME else p.stem
        return {"href": path or "./", "label": p.title, "current": path == current,
                "icon": p.icon.removeprefix(":material/").removesuffix(":")}
    return {"label": "Pages", "sections": [{"title": title, "links": [item(p) for p in pages]}
                                           for title, pages in sections.items()]}


def navigation() -> st.Page:
    """The page to run, with the menu in the sidebar: one light component of real links (ui/menu/).

    Streamlit's own sectioned menu puts each section's ``<div>`` inside its ``<ul>`` (axe-core: ``list`` and
    ``listitem``, ten serious violations on every page), and 13 ``st.page_link`` cost the browser's main thread
    three times what this menu does (bench/README.md).
    """
    sections = sectioned()
    page = st.navigation(navigation_sections(sections), position="hidden")
    with st.sidebar.container(key="app_nav"):
        _menu(key="app_menu", data=menu_data(sections, page.url_path))
    return page
