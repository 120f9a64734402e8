"""bench/ws_client.py's model of a page: what it reads from the server's messages and what it sends back."""

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.ws_client import Page


def fwd(fragment_ids=(), **fields) -> bytes:
    msg = ForwardMsg(**fields)
    msg.metadata.run.fragment_ids.extend(fragment_ids)
    return msg.SerializeToString()


def element(kind: str, fragment_id: str = "", path=(0, 1), **fields) -> bytes:
    msg = ForwardMsg()
    msg.delta.fragment_id = fragment_id
    getattr(msg.delta.new_element, kind).MergeFrom(type(getattr(msg.delta.new_element, kind))(**fields))
    msg.metadata.delta_path.extend(path)
    return msg.SerializeToString()


def sent(data: bytes):
    msg = BackMsg()
    msg.ParseFromString(data)
    return msg.rerun_script


def new_session(page: Page, fragment_ids=(), max_age: int = 2) -> None:
    msg = ForwardMsg()
    msg.new_session.config.max_cached_message_age = max_age
    msg.metadata.run.fragment_ids.extend(fragment_ids)
    page.take(msg.SerializeToString())


def finished(page: Page, status=ForwardMsg.FINISHED_SUCCESSFULLY, fragment_ids=()) -> None:
    page.take(fwd(fragment_ids, script_finished=status))


def loaded_page() -> Page:
    """A lesson's first run: the page's hash, the query string the server set, a timer, a button and a radio."""
    page = Page("linear_autoencoder", "join=ABCDE", url="http://127.0.0.1:1/linear_autoencoder")
    new_session(page)
    page.take(fwd(navigation=dict(page_script_hash="lesson-hash")))
    page.take(fwd(page_info_changed=dict(query_string="dataset=digits")))
    page.take(fwd(auto_rerun=dict(interval=1.5, fragment_id="card")))
    page.take(element("button", "section", id="$$ID-0679c3d2-linear_autoencoder_train", label="Train"))
    page.take(element("radio", "card", id="$$ID-378d5014-classmode_answer_1", options=["Noise", "The image"]))
    finished(page)
    return page


def test_the_first_rerun_names_the_page_and_later_ones_send_its_hash_and_the_servers_query_string():
    page = Page("linear_autoencoder", "join=ABCDE", url="http://127.0.0.1:1/linear_autoencoder")
    first = sent(page.rerun())
    assert (first.page_name, first.page_script_hash, first.query_string) == ("linear_autoencoder", "", "join=ABCDE")
    assert first.context_info.url == "http://127.0.0.1:1/linear_autoencoder"
    page = loaded_page()
    later = sent(page.rerun("card", auto=True))
    assert (later.page_name, later.page_script_hash, later.query_string) == ("", "lesson-hash", "dataset=digits")
    assert (later.fragment_id, later.is_auto_rerun) == ("card", True)


def test_widgets_are_known_by_their_key_with_the_fragment_they_were_drawn_in():
    page = loaded_page()
    assert page.find(r"classmode_answer_\d+") == "classmode_answer_1"
    assert page.find(r"classmode_send_\d+") is None
    assert page.widgets["linear_autoencoder_train"].fragment_id == "section"
    assert list(page.widgets["classmode_answer_1"].element.options) == ["Noise", "The image"]


def test_a_click_is_sent_once_and_a_choice_with_every_rerun():
    page = loaded_page()
    assert page.set("classmode_answer_1", "string_value", "Noise") == "card"
    assert page.set("linear_autoencoder_train", "trigger_value", True) == "section"
    click = sent(page.rerun("section"))
    values = {w.id: w.WhichOneof("value") for w in click.widget_states.widgets}
    assert values == {"$$ID-378d5014-classmode_answer_1": "string_value",
                      "$$ID-0679c3d2-linear_autoencoder_train": "trigger_value"}
    after = sent(page.rerun("card", auto=True))
    assert [w.string_value for w in after.widget_states.widgets] == ["Noise"]


def test_a_whole_page_run_forgets_widgets_it_no_longer_draws_and_a_fragment_run_does_not():
    page = loaded_page()
    page.set("classmode_answer_1", "string_value", "Noise")
    new_session(page, fragment_ids=["section"])
    finished(page, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, ["section"])
    assert len(sent(page.rerun()).widget_states.widgets) == 1
    new_session(page)
    page.take(element("button", "section", id="$$ID-0679c3d2-linear_autoencoder_train", label="Train"))
    finished(page)
    assert len(sent(page.rerun()).widget_states.widgets) == 0


def test_timers_follow_auto_rerun_and_stop_messages_and_a_whole_page_run_clears_them():
    page = loaded_page()
    page.take(fwd(auto_rerun=dict(interval=0.25, fragment_id="panel")))
    assert page.auto_reruns == {"card": 1.5, "panel": 0.25}
    page.take(fwd(stop_auto_rerun=dict(fragment_ids=["panel"])))
    assert page.auto_reruns == {"card": 1.5}
    new_session(page, fragment_ids=["card"])  # a fragment's own run keeps the timers
    assert page.auto_reruns == {"card": 1.5}
    new_session(page)  # a whole page's run sends them again
    assert page.auto_reruns == {}


def test_an_early_end_is_not_idle():
    page = Page("in_class")
    new_session(page)
    finished(page, ForwardMsg.FINISHED_EARLY_FOR_RERUN)  # the router's first run gives way to the page's
    assert page.running
    finished(page)
    assert not page.running and page.started == 1


def test_a_cached_message_is_offered_by_hash_answered_by_reference_and_dropped_when_unused():
    page = loaded_page()
    msg = ForwardMsg()
    msg.ParseFromString(element("metric", "panel", path=(0, 5), label="Gap to PCA optimum", body="0.4 %"))
    msg.hash, msg.metadata.cacheable = "h-gap", True
    page.take(msg.SerializeToString())
    assert list(sent(page.rerun()).cached_message_hashes) == ["h-gap"]
    page.metrics.clear()
    ref = ForwardMsg(ref_hash="h-gap")
    ref.metadata.delta_path.extend([0, 6])
    resolved, payload = page.take(ref.SerializeToString())
    assert resolved.delta.new_element.metric.body == "0.4 %" and list(resolved.metadata.delta_path) == [0, 6]
    assert ForwardMsg.FromString(payload).delta.new_element.metric.label == "Gap to PCA optimum"
    assert page.metrics == {"Gap to PCA optimum": "0.4 %"}
    for _ in range(3):  # another fragment's runs do not age it
        new_session(page, fragment_ids=["card"])
        finished(page, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, ["card"])
    assert list(page.cache) == ["h-gap"]
    for _ in range(3):  # older than max_cached_message_age (2) whole-page runs
        new_session(page)
        finished(page)
    assert page.cache == {}


def test_texts_and_metrics_are_what_the_page_shows_last():
    page = loaded_page()
    page.take(element("markdown", "card", path=(0, 0, 1), body="**Your teacher asks** (The idea): ..."))
    page.take(element("metric", "panel", label="Gap to PCA optimum", body="3.2 %"))
    page.take(element("metric", "panel", label="Gap to PCA optimum", body="0.8 %"))
    assert page.text("Your teacher asks").startswith("**Your teacher asks**")
    assert page.text("Class ABCDE") is None
    assert page.metrics["Gap to PCA optimum"] == "0.8 %"
