"""A lesson's settings travel in its link, both ways, and a hand-edited link never breaks the page (issue 15)."""

from tests.app.apptest import opened, shown


def test_a_prepared_pca_lesson_opens_with_its_settings_and_the_link_follows_changes():
    at = opened("pages/pca.py", query={"dataset": "wine", "k": "7"})
    assert at.selectbox(key="pca:dataset").value == "wine" and at.slider(key="pca:k").value == 7
    assert not at.warning
    at.slider(key="pca:k").set_value(5).run()
    assert at.query_params["k"] == "5" and at.query_params["dataset"] == "wine"


def test_hand_edited_values_are_clamped_snapped_or_refused_with_a_note():
    at = opened("pages/linear_autoencoder.py", query={"k": "999", "learning_rate": "0.013", "dataset": "[x](y)",
                                                      "optimizer": "sgd"})
    assert at.slider(key="linear_autoencoder:k").value == 32  # the most a network's code slider offers
    assert at.select_slider(key="linear_autoencoder:learning_rate").value == 0.01
    assert at.selectbox(key="linear_autoencoder:dataset").value == "digits"
    assert at.selectbox(key="linear_autoencoder:optimizer").value == "sgd"
    notes = [shown(w.value) for w in at.warning]
    assert any("k=999" in n and "using 32" in n for n in notes)
    assert any("learning_rate=0.013" in n and "using 0.01" in n for n in notes)
    assert any("dataset=[x](y)" in n and "was not used" in n for n in notes)
    assert all("](" not in w.value for w in at.warning)  # shown as text, not as a link
    at.run()
    assert not at.warning  # said once


def test_deep_layers_in_the_link_and_the_sliders_follow_the_text():
    at = opened("pages/deep.py", query={"layers": "64,32,16,8,4,2"})
    assert at.text_input(key="deep:layers").value == "64, 32, 16, 8, 4, 2"
    assert at.slider(key="deep:depth").value == 5 and at.slider(key="deep:width").value == 64
    at.text_input(key="deep:layers").set_value("8, 2").run()
    assert at.slider(key="deep:depth").value == 1 and at.slider(key="deep:width").value == 8
    assert at.query_params["layers"] == "8,2"


def test_pca_remembers_the_chosen_k_across_a_smaller_dataset():
    at = opened("pages/pca.py")
    at.slider(key="pca:k").set_value(10).run()
    at.selectbox(key="pca:dataset").set_value("low_rank").run()  # 3 features: k is clamped to 3
    assert at.slider(key="pca:k").value == 3
    at.selectbox(key="pca:dataset").set_value("digits").run()
    assert at.slider(key="pca:k").value == 10
