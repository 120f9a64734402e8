"""The playground in real Chromium: the link restores settings, CSV uploads, the script and weights round trip."""

import csv
import io
import re
import subprocess
import sys
import time

import pytest

from tests.browser.helpers import (
    ROOT,
    assert_no_exception,
    click_button,
    open_page,
    screenshot,
    wait_for,
    wait_idle,
)

GOOD_CSV = "species,a,b,c,d\n" + "".join(
    f"{'xy'[i % 2]},{i % 7},{(i * 3) % 5},{(i * i) % 11},{i % 4 + 0.5}\n" for i in range(60)
)
BAD_FILES = {
    "empty.csv": b"",
    "text_only.csv": b"just some words\nno numbers here\nat all\n",
    "junk.csv": bytes(range(256)) * 16,
    "one_row.csv": b"a,b,c\n1,2,3\n",
    "ragged.csv": b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n",
}


def slider_input(page, label: str):
    return page.locator("[data-testid='stSlider']").filter(has_text=label).first.locator("input[type=range]")


def slider_value(page, label: str) -> str:
    return slider_input(page, label).input_value()


def nudge(page, label: str, key: str, expected: str) -> None:
    """Move a slider one step with the keyboard (as a learner can) until it shows ``expected``."""
    def moved():
        if slider_value(page, label) != expected:
            slider_input(page, label).focus()
            slider_input(page, label).press(key)
            time.sleep(0.5)
        return slider_value(page, label) == expected
    wait_for(moved, timeout=60, interval=1.0)
    slider_input(page, label).blur()


def uploader(page, label: str):
    return page.locator("[data-testid='stFileUploader']").filter(has_text=label).first.locator("input[type=file]")


def status(page) -> tuple[int, str]:
    text = page.get_by_text(re.compile(r"Epoch \d+ / \d+")).first.inner_text()
    return int(re.search(r"Epoch (\d+)", text).group(1)), text


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile(rf"{re.escape(label)}")).first.click()
    return open(info.value.path(), "rb").read()


def open_playground(page, server_url, query: str = "") -> None:
    """Open the page and wait until its controls and the trainer are drawn (not just the first paint)."""
    open_page(page, server_url, "playground" + (f"?{query}" if query else ""))
    page.wait_for_selector("[data-testid='stSlider']", timeout=90_000)
    page.get_by_text(re.compile(r"Epoch \d+ / \d+")).first.wait_for(timeout=90_000)
    wait_idle(page)
    time.sleep(1)  # let the first render settle before a keyboard event lands on a widget


@pytest.fixture
def warm(page, server_url):
    # The app's first request on a fresh server must run app.py (navigation) before a deep link is opened.
    open_page(page, server_url, "")
    return page


def test_a_changed_slider_comes_back_from_the_link(warm, browser, server_url):
    page = warm
    open_playground(page, server_url)
    assert_no_exception(page)
    assert slider_value(page, "Code size k") == "2"
    nudge(page, "Code size k", "ArrowRight", "3")
    wait_for(lambda: "code=3" in page.url)
    wait_idle(page)
    link = page.url
    screenshot(page, "playground-desktop")
    page.set_viewport_size({"width": 420, "height": 900})
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "playground-narrow")
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(link, wait_until="domcontentloaded")
        other.wait_for_selector("[data-testid='stSlider']", timeout=90_000)
        wait_idle(other)
        assert_no_exception(other)
        assert slider_value(other, "Code size k") == "3"
    finally:
        fresh.close()


def test_csv_uploads_good_and_bad(warm, server_url):
    page = warm
    open_playground(page, server_url)
    page.get_by_text("Use your own CSV file").first.click()
    uploader(page, "Upload your own CSV file").set_input_files(
        files=[{"name": "plants.csv", "mimeType": "text/csv", "buffer": GOOD_CSV.encode()}])
    wait_for(lambda: page.get_by_text("60 samples × 4 features").count() > 0)
    wait_idle(page)
    assert_no_exception(page)
    assert "data=" not in page.url  # the file is not part of the link
    for name, data in BAD_FILES.items():
        uploader(page, "Upload your own CSV file").set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
        wait_for(lambda name=name: page.locator("[data-testid='stAlertContentError']").filter(has_text=name).count())
        wait_idle(page)
        assert_no_exception(page)
        # The good file is still the data in use.
        assert page.get_by_text("60 samples × 4 features").count() > 0, name
    screenshot(page, "playground-bad-csv")


def test_script_reproduces_the_run_and_weights_come_back(warm, server_url, tmp_path):
    page = warm
    open_playground(page, server_url, "data=iris&epochs=100&lr=0.05&batch=32&seed=7")
    click_button(page, "Step")
    wait_for(lambda: status(page)[0] == 25)
    wait_idle(page)
    # Change the learning rate mid-run: the script must replay it after the same epoch.
    nudge(page, "Learning rate", "ArrowLeft", "7")  # the 1-2-5 ladder: rung 7 is 0.02
    wait_for(lambda: "lr=0.02" in page.url)
    wait_idle(page)
    click_button(page, "Step")
    wait_for(lambda: status(page)[0] == 50)
    wait_idle(page)
    assert_no_exception(page)
    history = list(csv.DictReader(io.StringIO(download(page, "Download loss history").decode())))
    assert [int(r["epoch"]) for r in history] == list(range(1, 51))
    app_loss = float(history[-1]["loss"])
    script = tmp_path / "playground_run.py"
    script.write_bytes(download(page, "Download Python script"))
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    script_loss = float(re.search(r"final loss: (\S+)", done.stdout).group(1))
    print(f"app final loss {app_loss!r}, script final loss {script_loss!r}")
    assert abs(script_loss - app_loss) <= 1e-6
    weights = download(page, "Download weights")
    click_button(page, "Step")
    wait_for(lambda: status(page)[0] == 75)
    wait_idle(page)
    page.locator("summary").filter(has_text="Import weights").first.click()  # drawn once opened
    uploader(page, "Import weights").set_input_files(
        files=[{"name": "w.npz", "mimeType": "application/octet-stream", "buffer": weights}])
    message = wait_for(lambda: page.get_by_text(re.compile(r"Loaded the weights from w\.npz")).count()
                       and page.get_by_text(re.compile(r"Loaded the weights from w\.npz")).first.inner_text())
    imported = float(re.search(r"this data: (\S+)$", message.strip()).group(1))
    assert imported == pytest.approx(app_loss, abs=2e-6)
    uploader(page, "Import weights").set_input_files(
        files=[{"name": "junk.npz", "mimeType": "application/octet-stream", "buffer": b"not weights"}])
    wait_for(lambda: page.locator("[data-testid='stAlertContentError']").filter(has_text="junk.npz").count())
    assert_no_exception(page)
