"""One article's answer as clients get it: the ``/annotate`` body, built in one place.

The HTTP API and ``sourcelight audit`` both check the text with ``check_text``, run the
pipeline, and finish its result with ``finish`` (offsets in the client's unit, the
text's hash), so an audit line is exactly what ``POST /api/v1/annotate`` answers.
A refusal (bad text, too many tokens, over the time limit) is a ``Refused`` with the
code and message the API sends as ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sourcelight import chunking, language, offsets


class Refused(ValueError):
    """Input the service will not annotate: HTTP ``status``, stable ``code``, a message for
    people, and ``details`` (more fields of the error object) where a client can use them."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}

    def as_error(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


def check_text(text: Any, limit: int, name: str = "text") -> str:
    """``text`` when it can be annotated; else ``Refused`` saying why."""
    if not isinstance(text, str):
        raise Refused(400, "invalid_field", f"'{name}' must be a string.")
    if len(text) > limit:
        raise Refused(413, "text_too_long", f"'{name}' has {len(text)} characters; the limit is {limit}.")
    if not re.search(r"\S", text):
        raise Refused(400, "empty_text", f"'{name}' is empty or only whitespace.")
    check_unicode(text, name)
    return text


def check_unicode(value: str, name: str) -> None:
    """Reject lone surrogates ("\\ud800"): not text, and no offset unit can represent them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Refused(400, "invalid_unicode", f"'{name}' contains a lone surrogate at character "
                      f"{exc.start}; send well-formed Unicode (replace it with U+FFFD).") from None


def check_language(verdict: language.Verdict, page_lang: str | None, model_languages: tuple[str, ...]) -> None:
    """Refuse text the model cannot read (422 ``unsupported_language``), naming its language,
    so a client can say so plainly instead of painting English entities on Korean text."""
    if not verdict.readable:
        raise language_refusal(verdict, page_lang, model_languages)


def language_refusal(verdict: language.Verdict, page_lang: str | None, model_languages: tuple[str, ...]) -> Refused:
    return Refused(422, "unsupported_language", language.refusal_message(verdict, model_languages),
                   {"language": verdict.as_dict(page_lang, model_languages)})


def refusal(exc: Exception, timeout: float) -> Refused:
    """The 422 for text the pipeline stopped on: too many tokens, or over the time limit."""
    if isinstance(exc, chunking.TooManyTokens):
        return Refused(422, "too_many_tokens", f"The text splits into more than {exc.limit} tokens (words and "
                       "punctuation); news prose this long has far fewer. Send only the article's text.")
    return Refused(422, "timeout", f"Annotating took longer than {timeout:g}s and was stopped; "
                   "the text is too long or too unusual (e.g. one enormous sentence).")


def finish(result: dict[str, Any], text: str, unit: str, cached: bool = False) -> dict[str, Any]:
    """The pipeline's result (code points) as the client's answer, in ``unit``; edits ``result``."""
    result = offsets.convert(result, text, unit)
    result.update(offsets=unit, text_sha256=sha256(text), cached=cached)
    return result


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
