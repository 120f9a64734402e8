"""`/training` and `/use_the_code` in real Chromium: both load, their numbers are real, screenshots taken."""

import time

from tests.browser.helpers import (
    assert_no_exception,
    click_button,
    metric_value,
    open_page,
    screenshot,
    wait_for,
    wait_idle,
)


def test_training_page_checks_gradients_and_steps_the_live_run(page, server_url):
    start = time.monotonic()
    open_page(page, server_url, "training", timeout=240_000)
    print(f"\ntraining: first load (cold caches) {time.monotonic() - start:.1f} s")
    assert_no_exception(page)
    assert page.locator("[data-testid='stMetric']").filter(has_text="Largest relative error").count() == 0
    click_button(page, "Show it without answering")  # the check's result waits for the learner's prediction
    wait_for(lambda: page.locator("[data-testid='stMetric']").filter(has_text="Largest relative error").count(),
             timeout=60)
    assert float(metric_value(page, "Largest relative error")) < 1e-6
    assert metric_value(page, "Verdict") == "backprop is right"
    page.get_by_role("tab", name="Denoising").click()  # a tab's experiment is sent once it is opened
    wait_for(lambda: page.locator("[data-testid='stMetric']").filter(has_text="error vs clean").count() == 2,
             timeout=60)
    wait_idle(page)
    assert float(metric_value(page, "Network output: error vs clean")) < float(
        metric_value(page, "Noisy input: error vs clean"))
    click_button(page, "Step")
    wait_for(lambda: "Epoch 25 / 200" in page.locator("body").inner_text(), timeout=60)
    wait_idle(page)
    assert_no_exception(page)
    assert float(metric_value(page, "Validation loss")) > float(metric_value(page, "Training loss"))
    screenshot(page, "training-desktop")
    page.set_viewport_size({"width": 420, "height": 900})
    wait_idle(page)
    screenshot(page, "training-narrow")


def test_use_the_code_page_shows_the_classifier_table_and_elbow(page, server_url):
    start = time.monotonic()
    open_page(page, server_url, "use_the_code", timeout=240_000)
    print(f"\nuse_the_code: first load (cold caches) {time.monotonic() - start:.1f} s")
    assert_no_exception(page)
    click_button(page, "Show it without answering")  # the classifier table waits for the learner's prediction
    wait_idle(page)
    # The classifier table is a data grid whose cells reach the DOM a moment after the script has finished.
    for text in ("raw (64)", "PCA (10)", "AE (10)", "model.fit(X_train, X_train)", "a clear elbow at k = 3"):
        wait_for(lambda text=text: text in page.locator("body").inner_text(), timeout=30)
    page.get_by_role("tab", name="Pipeline").click()  # a tab's code and numbers are sent once it is opened
    wait_idle(page)
    wait_for(lambda: "Pipeline test accuracy" in page.locator("body").inner_text(), timeout=30)
    assert float(metric_value(page, "Pipeline test accuracy").removesuffix(" %")) > 70
    screenshot(page, "use_the_code-desktop")
    page.set_viewport_size({"width": 420, "height": 900})
    wait_idle(page)
    screenshot(page, "use_the_code-narrow")
