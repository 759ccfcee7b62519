"""Bad input gets the one JSON error shape, the right status, and no internals."""

from __future__ import annotations

import io
import logging

import pytest
from api_helpers import validate

JSON = "application/json"

BAD_REQUESTS = [
    # (endpoint, raw body, content type, status, code)
    ("/api/v1/annotate", b'{"text": ', JSON, 400, "invalid_json"),
    ("/api/v1/annotate", b'["text", "an array"]', JSON, 400, "invalid_json"),
    ("/api/v1/annotate", b'"just a string"', JSON, 400, "invalid_json"),
    ("/api/v1/annotate", b"\xff\xfe\x00garbage", JSON, 400, "invalid_json"),
    ("/api/v1/annotate", b"[" * 100_000, JSON, 400, "invalid_json"),
    ("/api/v1/annotate", b'{"text": "hi"}', "text/plain", 415, "unsupported_media_type"),
    ("/api/v1/annotate", b"text=hi", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("/api/v1/annotate", b"{}", JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": null}', JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": 42}', JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": ["a"]}', JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": ""}', JSON, 400, "empty_text"),
    ("/api/v1/annotate", b'{"text": " \\n\\t\\u00a0 "}', JSON, 400, "empty_text"),
    ("/api/v1/annotate", b'{"text": "a\\ud800b"}', JSON, 400, "invalid_unicode"),
    ("/api/v1/annotate", b'{"text": "\\udc00"}', JSON, 400, "invalid_unicode"),
    ("/api/v1/annotate", b'{"text": "ok", "title": "\\ud800"}', JSON, 400, "invalid_unicode"),
    ("/api/v1/annotate", b'{"text": "ok", "offsets": "bytes"}', JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": "ok", "offsets": 16}', JSON, 400, "invalid_field"),
    ("/api/v1/annotate", b'{"text": "ok", "url": 5}', JSON, 400, "invalid_field"),
    ("/api/v1/claims", b'{"sentences": "not a list"}', JSON, 400, "invalid_field"),
    ("/api/v1/claims", b'{"sentences": {"a": 1}}', JSON, 400, "invalid_field"),
    ("/api/v1/claims", b"{}", JSON, 400, "invalid_field"),
    ("/api/v1/claims", b'{"sentences": ["ok", 3]}', JSON, 400, "invalid_field"),
    ("/api/v1/claims", b'{"sentences": ["\\ud800"]}', JSON, 400, "invalid_unicode"),
    ("/api/v1/claims", b"[]", JSON, 400, "invalid_json"),
]


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    validate(body, "Error")
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "body", "content_type", "status", "code"), BAD_REQUESTS)
def test_bad_request_gets_json_error(client, path, body, content_type, status, code):
    assert_error(client.post(path, data=body, content_type=content_type), status, code)
    # ... and the service keeps serving.
    assert client.post("/api/v1/annotate", json={"text": "Still here."}).status_code == 200


def test_text_over_the_character_limit(make_app):
    client = make_app(MAX_TEXT_CHARS=1000).test_client()
    assert_error(client.post("/api/v1/annotate", json={"text": "a" * 1001}), 413, "text_too_long")
    assert client.post("/api/v1/annotate", json={"text": "a " * 500}).status_code == 200


def test_ten_megabyte_body_is_refused(client):
    body = b'{"text": "' + b"a" * 10_000_000 + b'"}'
    assert_error(client.post("/api/v1/annotate", data=body, content_type=JSON), 413, "too_large")


def test_too_many_sentences(make_app):
    client = make_app(MAX_SENTENCES=3).test_client()
    assert_error(client.post("/api/v1/claims", json={"sentences": ["a"] * 4}), 413, "too_many_sentences")


def test_unknown_path_and_wrong_method(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    response = client.get("/api/v1/annotate")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_unexpected_failure_hides_internals(app, caplog):
    def explode():
        detail = "-".join(["secret", "detail"])  # built at run time: source lines are logged
        raise RuntimeError(f"{detail} in /srv/sourcelight/internal.py")

    app.add_url_rule("/api/v1/explode", view_func=explode)
    response = app.test_client().get("/api/v1/explode")
    assert_error(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "secret" not in text and "/srv" not in text and "RuntimeError" not in text
    assert "RuntimeError" in caplog.text  # the log says what failed ...
    assert "secret-detail" not in caplog.text  # ... but not its message, outside debug


def test_logs_carry_no_article_text_unless_debug(client, caplog):
    marker = "Zyxwvut Quillfeather testified about the Ombrellino accord."
    with caplog.at_level(logging.INFO, logger="sourcelight"):
        assert client.post("/api/v1/annotate", json={"text": marker}).status_code == 200
    assert "annotate chars=" in caplog.text
    assert "Quillfeather" not in caplog.text and "Ombrellino" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="sourcelight"):
        client.post("/api/v1/annotate", json={"text": marker + " Again."})
    assert "Quillfeather" in caplog.text


def test_chunked_body_over_the_limit_is_refused(make_app):
    # As gunicorn passes a chunked request: no Content-Length, input terminated by the server.
    client = make_app(MAX_TEXT_CHARS=1000).test_client()
    body = b'{"text": "' + b"a" * 100_000 + b'"}'
    response = client.post("/api/v1/annotate", input_stream=io.BytesIO(body), content_type=JSON,
                           environ_overrides={"wsgi.input_terminated": True})
    assert_error(response, 413, "too_large")
    small = b'{"text": "A small chunked body."}'
    response = client.post("/api/v1/annotate", input_stream=io.BytesIO(small), content_type=JSON,
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 200
