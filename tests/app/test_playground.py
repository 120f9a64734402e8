"""The playground in AppTest: the link round-trips, bad links and bad files never crash, exports reproduce."""

import copy
import io
import re
import subprocess
import sys
import tomllib
import zipfile

import numpy as np
from numpy.lib import format as npformat

from core import load_dataset
from core.data.csv_reader import MAX_BYTES
from playground_kit import files
from playground_kit.export import MAX_WEIGHTS_MB, training_script, weights_to_npz
from playground_kit.settings import DEFAULTS, to_query
from tests.app.apptest import ROOT, app_test, opened_box, press, shown

PAGE = "pages/playground.py"
GOOD_CSV = b"species,a,b,c,d\n" + b"".join(
    f"{'xy'[i % 2]},{i % 7},{(i * 3) % 5},{(i * i) % 11},{i % 4 + 0.5}\n".encode() for i in range(60)
)


def opened(query=None):
    at = app_test(PAGE)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def value(at, name):
    return at.session_state[f"playground:{name}"]


def step(at):
    press(at, "Step")


def run_of(at):
    return at.session_state["runs"]["playground"]


# Each uploader is drawn once its expander is opened (ui.lesson.on_demand).
BOXES = {"playground_upload": "playground_csv_box", "playground_weights_file": "playground_import_box"}


def uploader(at, key: str):
    """The file uploader ``key``, its expander opened first."""
    if not any(getattr(u, "key", None) == key for u in at.file_uploader):
        opened_box(at, BOXES[key])
    return at.file_uploader(key=key)


def test_the_network_is_drawn_once_opened_and_stays_open_as_its_layers_change():
    at = opened()
    layers = [c.value for c in at.caption if c.value.startswith("Layers ")]
    assert layers == []  # one click away: the page stays light
    opened_box(at, "playground_network_box")
    assert [c.value for c in at.caption if c.value.startswith("Layers 64 → 2 → 64;")]
    at.slider(key="playground:code").set_value(3).run()  # a new label ("The network: 64 → 3 → 64")
    assert not at.exception, [e.value for e in at.exception]
    assert [c.value for c in at.caption if c.value.startswith("Layers 64 → 3 → 64;")]


def test_first_load_writes_every_setting_into_the_link():
    at = opened()
    assert at.query_params == to_query(DEFAULTS)
    assert at.title[0].value.startswith("Playground")
    assert [m.label for m in at.metric] == []  # nothing trained yet: no numbers pretend otherwise
    assert at.selectbox(key="playground:batch").value == 0  # shown as "full batch (all 1797)"
    assert run_of(at).params["batch_size"] is None


def test_link_settings_are_restored_and_changes_follow_into_the_link():
    query = {"data": "wine", "scale": "minmax", "hidden": "8", "code": "3", "act": "tanh", "lr": "0.002",
             "batch": "32", "l2": "0.001", "dropout": "0.1", "seed": "42", "epochs": "300"}
    at = opened(query)
    assert at.selectbox(key="playground:data").value == "wine"
    assert at.slider(key="playground:code").value == 3
    assert at.select_slider(key="playground:lr").value == 0.002
    assert at.text_input(key="playground:hidden").value == "8"
    assert at.number_input(key="playground:seed").value == 42
    assert not at.warning  # a clean link gives no notes
    assert {k: at.query_params[k] for k in query} == {**query, "l2": "0.001", "dropout": "0.1"}
    at.slider(key="playground:code").set_value(4).run()
    assert at.query_params["code"] == "4"
    # A fresh session opened with that link shows the new value.
    again = opened(dict(at.query_params))
    assert again.slider(key="playground:code").value == 4
    assert again.selectbox(key="playground:act").value == "tanh"
    assert run_of(again).params["hidden_layer_sizes"] == (8, 4)


def test_a_hand_edited_link_is_clamped_or_ignored_with_notes():
    at = opened({"code": "999", "lr": "fast", "act": "softmax", "dropout": "-3", "hidden": "8,,2", "zzz": "1"})
    notes = " ".join(shown(w.value) for w in at.warning)
    for name in ("code", "lr", "act", "dropout", "hidden", "zzz"):
        assert name in notes
    assert value(at, "code") == 32 and value(at, "dropout") == 0.0 and value(at, "act") == DEFAULTS["act"]
    assert at.slider(key="playground:code").value == 32
    # The link is rewritten with valid values only.
    assert at.query_params["code"] == "32" and "zzz" not in at.query_params
    next(b for b in at.button if b.label == "Dismiss").click().run()
    assert not at.warning


def test_code_size_is_clamped_to_the_data_dimension():
    at = opened({"data": "arc", "code": "5"})
    assert value(at, "code") == 2
    assert run_of(at).params["hidden_layer_sizes"] == (2,)


def test_presenter_mode_hides_advanced_controls_but_keeps_their_values():
    at = opened({"presenter": "1", "opt": "sgd"})
    assert at.session_state["app:presenter"] is True and not at.warning  # the app's switch, not a playground setting
    assert not [s for s in at.selectbox if s.key == "playground:opt"]
    assert run_of(at).params["optimizer"] == "sgd"
    assert at.query_params["presenter"] == "1"  # the link keeps it
    at.session_state["app:presenter"] = False  # the sidebar's switch (tests/app/test_shell.py)
    at.run()
    assert at.selectbox(key="playground:opt").value == "sgd"


def test_training_shows_the_pca_comparison():
    at = opened({"data": "iris", "code": "2"})
    step(at)
    metrics = {m.label: m.value for m in at.metric}
    loss = run_of(at).history[-1]["loss"]
    eigenvalues = np.linalg.eigvalsh(np.cov(load_dataset("iris", scale="standard").X.T, bias=True))[::-1]
    floor = eigenvalues[2:].sum()  # PCA's optimum for k = 2: the discarded eigenvalues of the 1/N covariance
    assert metrics["Autoencoder loss J/N"] == f"{loss:.4f}"
    assert metrics["PCA optimum J*/N (k = 2)"] == f"{floor:.4f}"
    assert metrics["Gap to PCA optimum"] == f"{100 * (loss - floor) / floor:.2f} %"


def test_a_good_csv_is_used_and_bad_files_keep_it():
    at = opened()
    uploader(at, "playground_upload").set_value(("plants.csv", GOOD_CSV, "text/csv")).run()
    assert not at.exception
    assert value(at, "data") == "csv"
    assert run_of(at).X.shape == (60, 4)
    assert "data" not in at.query_params  # the file is not part of the link
    step(at)
    epoch_before = run_of(at).epoch
    bad_files = [b"", b"just some words\nno numbers here\n", bytes(range(256)) * 8, b"a,b\n1,2\n",
                 b"a,b\n1,2\n3\n4,5\n"]
    for i, bad in enumerate(bad_files):
        uploader(at, "playground_upload").set_value((f"bad{i}.csv", bad, "text/csv")).run()
        assert not at.exception, (i, [e.value for e in at.exception])
        errors = [shown(e.value) for e in at.error]
        assert any(f"bad{i}.csv" in e and "previous data" in e for e in errors), (i, errors)
        assert value(at, "data") == "csv" and run_of(at).X.shape == (60, 4)
        assert run_of(at).epoch == epoch_before  # the model survived too
    assert at.selectbox(key="playground:data").format_func("csv") == "Your file: plants.csv"


def test_weights_import_restores_the_model_and_bad_files_are_refused():
    at = opened({"data": "iris"})
    step(at)
    saved = weights_to_npz(run_of(at).model)
    X = run_of(at).X
    expected = run_of(at).model.predict(X)
    step(at)
    assert not np.allclose(run_of(at).model.predict(X), expected)
    uploader(at, "playground_weights_file").set_value(("w.npz", saved, "application/octet-stream")).run()
    assert not at.exception
    assert any("Loaded the weights" in shown(s.value) for s in at.success)
    np.testing.assert_allclose(run_of(at).model.predict(X), expected, rtol=0, atol=1e-12)
    uploader(at, "playground_weights_file").set_value(("junk.npz", b"not a zip", "x")).run()
    assert not at.exception
    assert any("junk.npz" in shown(e.value) for e in at.error)


def test_the_script_replays_a_mid_run_learning_rate_change(tmp_path):
    at = opened({"data": "iris", "lr": "0.05", "batch": "32"})
    step(at)
    at.select_slider(key="playground:lr").set_value(0.005).run()
    step(at)
    log = at.session_state["playground_log"]
    assert log["changes"] == [(25, {"learning_rate": 0.005})]
    run = run_of(at)
    source = training_script(log["initial"], run.epoch, X=run.X, dataset={"name": "iris", "scale": "standard"},
                             changes=log["changes"])
    path = tmp_path / "playground_run.py"
    path.write_text(source)
    done = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    loss = float(re.search(r"final loss: (\S+)", done.stdout).group(1))
    assert abs(loss - run.history[-1]["loss"]) <= 1e-6


def test_more_epochs_after_a_pause_keeps_training():
    at = opened({"data": "iris", "epochs": "50"})
    step(at)
    at.slider(key="playground:epochs").set_value(100).run()
    for expected in (50, 75, 100):
        step(at)
        assert run_of(at).epoch == expected
    assert run_of(at).status == "finished"


def test_divergence_pauses_with_advice_and_keeps_a_finite_model():
    at = opened({"data": "iris", "opt": "sgd", "lr": "10"})
    step(at)
    run = run_of(at)
    assert run.status == "diverged"
    assert any("learning rate" in shown(e.value).lower() for e in at.error)
    assert all(np.isfinite(w).all() for w in run.model.coefs_)


def test_a_tiny_file_limits_the_code_size_to_its_samples():
    at = opened({"code": "3"})
    uploader(at, "playground_upload").set_value(("tiny.csv", b"a,b,c,d\n1,2,3,4\n2,1,0,5\n", "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert run_of(at).params["hidden_layer_sizes"] == (2,)
    assert any("At most 2 code units here: the data has only 2 samples" in c.value for c in at.caption)
    step(at)


def test_a_typo_in_the_layers_keeps_the_last_valid_ones():
    at = opened({"data": "iris"})
    at.text_input(key="playground:hidden").input("8, 3").run()
    assert run_of(at).params["hidden_layer_sizes"] == (8, 3, 2)
    assert at.query_params["hidden"] == "8,3"
    at.text_input(key="playground:hidden").input("8,,3").run()
    assert not at.exception
    assert any("Layer 2 is empty" in shown(e.value) and "Using 8, 3" in shown(e.value) for e in at.error)
    assert run_of(at).params["hidden_layer_sizes"] == (8, 3, 2)


# --- hostile uploads (issue 14): nothing a learner has is lost, whatever the file ----------------------------

def _learner_has(at):
    """What a learner must keep through any upload: the model's predictions, the run's epoch and data, the link."""
    run = run_of(at)
    return run.model.predict(run.X), run.epoch, run.X.copy(), dict(at.query_params)


def _keeps(at, before):
    predictions, epoch, X, query = before
    run = run_of(at)
    np.testing.assert_array_equal(run.model.predict(run.X), predictions)
    assert run.epoch == epoch and dict(at.query_params) == query
    np.testing.assert_array_equal(run.X, X)


def _upload_weights(at, name, data):
    uploader(at, "playground_weights_file").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return [shown(e.value) for e in at.error]


def _with_member(npz, name, content):
    """``npz`` with one member's bytes replaced."""
    with zipfile.ZipFile(io.BytesIO(npz)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n, data in members.items():
            archive.writestr(n, data)
    return out.getvalue()


def test_a_weights_file_claiming_a_huge_array_is_refused_and_changes_nothing():
    at = opened({"data": "iris"})
    step(at)
    before = _learner_has(at)
    header = io.BytesIO()
    npformat.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**11,)})
    hostile = _with_member(weights_to_npz(run_of(at).model), "coef_0.npy", header.getvalue())
    assert len(hostile) < 4096
    errors = _upload_weights(at, "huge.npz", hostile)
    assert any("huge.npz" in e and "shape (100000000000,)" in e for e in errors), errors
    _keeps(at, before)
    step(at)  # the model still trains


def test_any_failure_while_importing_is_explained_and_changes_nothing(monkeypatch):
    at = opened({"data": "iris"})
    step(at)
    before, saved = _learner_has(at), weights_to_npz(run_of(at).model)

    def broken(data, model):
        raise MemoryError("as if a file had slipped past the checks")

    monkeypatch.setattr(files, "weights_from_npz", broken)
    errors = _upload_weights(at, "w.npz", saved)
    assert any("w.npz" in e and "could not be read as weights" in e and "Nothing was changed" in e for e in errors)
    assert not at.success
    _keeps(at, before)


def test_weights_whose_loss_overflows_are_refused():
    at = opened({"data": "iris"})
    step(at)
    before, model = _learner_has(at), copy.deepcopy(run_of(at).model)
    for W in model.coefs_:
        W[...] = 1e300
    errors = _upload_weights(at, "huge_values.npz", weights_to_npz(model))
    assert any("huge_values.npz" in e and "overflow" in e for e in errors), errors
    assert not at.success and "inf" not in " ".join(m.value for m in at.metric)
    _keeps(at, before)


def test_each_uploader_has_its_own_size_limit():
    at = opened({"data": "iris"})
    assert uploader(at, "playground_weights_file").proto.max_upload_size_mb == MAX_WEIGHTS_MB
    assert uploader(at, "playground_upload").proto.max_upload_size_mb == MAX_BYTES // 10**6


def test_a_file_just_over_a_limit_is_told_its_exact_size():
    at = opened()
    too_big = GOOD_CSV + b"0,0,0,0,0\n" * ((1_020_000 - len(GOOD_CSV)) // 10)
    uploader(at, "playground_upload").set_value(("big.csv", too_big, "text/csv")).run()
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert any("big.csv" in e and "is 1.02 MB" in e and "at most 1 MB" in e for e in errors)
    assert value(at, "data") != "csv"


def test_the_server_accepts_files_as_large_as_the_weights_uploader():
    """Streamlit 1.67's upload endpoint refuses (HTTP 413) any file over the global server.maxUploadSize, whatever
    the uploader's own max_upload_size: the global limit must allow the weights uploader's."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] >= MAX_WEIGHTS_MB


def test_weights_import_into_a_fresh_page_and_every_number_follows():
    trained = opened({"data": "iris"})
    step(trained)
    saved = weights_to_npz(run_of(trained).model)
    expected_loss = run_of(trained).loss
    at = opened({"data": "iris"})  # a new learner, nothing trained
    assert _upload_weights(at, "w.npz", saved) == []
    run = run_of(at)
    assert run.epoch == 0 and run.status == "paused" and run.loss == expected_loss
    status = next(m.value for m in at.markdown if m.value.startswith("**Epoch "))
    assert f"loss J/N = **{expected_loss:.4f}**" in status  # the status line shows the imported model's loss
    assert at.session_state["playground_log"]["imported"] == "w.npz"
    step(at)  # training continues from the imported weights, not from a random start
    assert run_of(at).epoch == 25 and run_of(at).losses[1] < run_of(trained).losses[0]
