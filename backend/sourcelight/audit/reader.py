"""Streams the articles of an archive: JSON Lines, or a folder of ``.txt`` files.

One line (or file) at a time, never the whole input: a line is read with a bound on its
length, so a runaway line costs bounded memory and becomes an error record like any
other bad line (not JSON, no text, empty text, text over the limit, broken UTF-8). A bad
line never stops the run; it is reported in the output beside the articles.

JSON Lines: ``{"id", "text", "url"?, "title"?, "published"?, "outlet"?}`` per line.
``outlet`` (optional) names the outlet when the archive has no urls; otherwise the
audit takes the outlet from the url's domain. Blank lines are skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sourcelight.answer import Refused, check_text, check_unicode

OPTIONAL_FIELDS = ("url", "title", "published", "outlet")
MAX_FIELD_CHARS = 4096  # url, title, published, outlet


@dataclass(frozen=True, slots=True)
class Article:
    line: int  # 1-based line of the JSONL file, or position of the .txt file in name order
    id: str | int
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    id: str | int | None
    error: dict[str, str]  # {"code", "message"}, as the API's error bodies


Item = Article | BadLine


def read(path: Path, max_chars: int) -> Iterator[Item]:
    """Every article (or bad line) of ``path``, in input order."""
    if path.is_dir():
        yield from read_folder(path, max_chars)
        return
    with open(path, "rb") as handle:
        yield from read_jsonl(handle, max_chars)


def read_jsonl(handle: BinaryIO, max_chars: int) -> Iterator[Item]:
    # Worst case a character is a 12-byte escape ("\ud83d\ude00" per astral code point).
    max_bytes = max_chars * 12 + 64 * 1024
    number = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            skip_rest_of_line(handle)
            yield BadLine(number, None, {"code": "too_large", "message": f"The line is longer than {max_bytes} bytes."})
            continue
        if raw.strip():
            yield parse_line(number, raw, max_chars)


def skip_rest_of_line(handle: BinaryIO, chunk: int = 1 << 20) -> None:
    while (part := handle.readline(chunk)) and not part.endswith(b"\n"):
        pass


def parse_line(number: int, raw: bytes, max_chars: int) -> Item:
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return BadLine(number, None, {"code": "invalid_utf8", "message": f"The line is not UTF-8 (byte {exc.start})."})
    except (ValueError, RecursionError):
        return BadLine(number, None, {"code": "invalid_json", "message": "The line is not valid JSON."})
    if not isinstance(item, dict):
        return BadLine(number, None, {"code": "invalid_json",
                                      "message": f"The line must be a JSON object, not {type(item).__name__}."})
    return article(number, item, max_chars)


def article(number: int, item: dict[str, Any], max_chars: int) -> Item:
    """An ``Article`` from one parsed line, or the ``BadLine`` saying what is wrong with it."""
    ident = item.get("id")
    if not isinstance(ident, (str, int)) or isinstance(ident, bool) or ident == "":
        return BadLine(number, None, {"code": "invalid_field", "message": "'id' is required: a string or integer."})
    try:
        if "text" not in item:
            raise Refused(400, "invalid_field", "'text' is required.")
        text = check_text(item["text"], max_chars)
        fields = {name: optional_string(item, name) for name in OPTIONAL_FIELDS}
    except Refused as exc:
        return BadLine(number, ident, exc.as_error())
    return Article(number, ident, text, **fields)


def optional_string(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS:
        raise Refused(400, "invalid_field", f"'{name}' must be a string of at most {MAX_FIELD_CHARS} characters.")
    check_unicode(value, name)
    return value


def read_folder(folder: Path, max_chars: int) -> Iterator[Item]:
    """Each ``*.txt`` file in name order is one article; its id is the file name without ``.txt``."""
    for number, path in enumerate(sorted(folder.glob("*.txt")), 1):
        if path.stat().st_size > max_chars * 4:  # no need to decode what cannot fit
            error = {"code": "text_too_long", "message": f"The file is larger than {max_chars * 4} bytes."}
            yield BadLine(number, path.stem, error)
            continue
        try:
            text = check_text(path.read_bytes().decode("utf-8"), max_chars)
        except UnicodeDecodeError as exc:
            yield BadLine(number, path.stem, {"code": "invalid_utf8", "message": f"The file is not UTF-8 (byte {exc.start})."})
        except Refused as exc:
            yield BadLine(number, path.stem, exc.as_error())
        else:
            yield Article(number, path.stem, text)


def count(path: Path) -> int:
    """About how many articles ``path`` holds (lines, or .txt files), for the progress bar's ETA.

    One pass over the bytes, a megabyte at a time; nothing is parsed (blank lines count too).
    """
    if path.is_dir():
        return sum(1 for _ in path.glob("*.txt"))
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines, last = lines + block.count(b"\n"), block[-1:]
    return lines + (last != b"\n")


def fingerprint(path: Path) -> str:
    """Identifies the input, so a resumed run refuses an input that changed meanwhile."""
    digest = hashlib.sha256()
    paths = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    for item in paths:
        stat = item.stat()
        digest.update(f"{item.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
