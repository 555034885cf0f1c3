from app.main import app


def test_healthz():
    assert app.test_client().get("/healthz").json == {"status": "ok"}
