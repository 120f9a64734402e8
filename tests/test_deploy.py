"""The deployment files keep what the app's server exposes to itself (issue 14)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_ingress_does_not_serve_streamlits_metrics():
    ingress = (ROOT / "deploy" / "k8s.yaml").read_text(encoding="utf-8")
    assert "location = /_stcore/metrics { return 404; }" in ingress
    assert "nginx.ingress.kubernetes.io/server-snippet" in ingress


def test_the_server_takes_uploads_no_larger_than_the_largest_uploader_allows():
    import tomllib

    from playground_kit.export import MAX_WEIGHTS_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_WEIGHTS_MB
