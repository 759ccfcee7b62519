"""Which language a text is in, and whether the configured spaCy model can read it.

An English model run on Korean or German text still answers, with English-looking
entities and claims that mean nothing; so the service checks first and says so. The
text is the witness that counts: pages' ``lang`` attributes are often a template's
default (on the article-extraction benchmark, German posts marked ``en`` and English
ones marked ``de``). The page's ``lang`` decides only when the text is too short to judge.

Paragraphs (long ones in windows) are identified one by one with py3langid (langid.py's model, 97 languages)
and weighed by their letters, so an English article quoting a Korean paragraph stays
English and a text half in the model's language is read, not refused. Paragraphs the
identifier is unsure of (names, bylines, numbers) do not vote.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# A paragraph votes only with this many letters and this confidence...
MIN_PARAGRAPH_LETTERS = 30
MIN_CONFIDENCE = 0.9
# ...and the text is judged only when the voting paragraphs hold this many letters.
MIN_TEXT_LETTERS = 150
# The model reads a text when at least this share of the voting letters is in its language.
MIN_READABLE_SHARE = 0.25
# Long paragraphs are judged in windows of about this many characters: the identifier's
# confidence is calibrated on sentences, and drifts on one repetitive 20,000-character line.
WINDOW_CHARS = 1000
# spaCy's code for multi-language pipelines (xx_ent_wiki_sm): they read every language.
MULTILINGUAL = "xx"
# The identifier's "no linguistic content" class (tables, code, numbers): never a vote.
NO_LANGUAGE = {"zxx", "und"}

LETTER = re.compile(r"\w", re.UNICODE)
DIGIT_OR_UNDERSCORE = re.compile(r"[\d_]")


@dataclass(frozen=True)
class Verdict:
    """``language``: what the text (or, when too short, the page) is in, ISO 639-1 or None
    when unknown; ``readable``: whether the model can read it; ``by``: "text", "page" or
    "none" (nothing to judge by: read); ``share``: the model's languages' share of the
    judged letters."""

    language: str | None
    readable: bool
    by: str
    share: float

    def as_dict(self, page: str | None, model: tuple[str, ...]) -> dict[str, object]:
        return {"detected": self.language, "page": page, "model": list(model),
                "readable": self.readable, "by": self.by, "share": round(self.share, 3)}


@functools.cache
def identifier() -> LanguageIdentifier:
    """The identifier, loaded once per process (about 1 s): the pipeline loads it at start."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def primary_subtag(tag: str | None) -> str | None:
    """``"pt-BR"`` -> ``"pt"``; None for an empty or malformed ``lang``."""
    if not tag:
        return None
    head = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return head if re.fullmatch(r"[a-z]{2,3}", head) else None


def letters(text: str) -> int:
    return len(LETTER.findall(text)) - len(DIGIT_OR_UNDERSCORE.findall(text))


def windows(paragraph: str) -> list[str]:
    """The paragraph in pieces of at most WINDOW_CHARS, cut at a space where there is one."""
    pieces, start = [], 0
    while start < len(paragraph):
        end = min(len(paragraph), start + WINDOW_CHARS)
        if end < len(paragraph):
            space = paragraph.rfind(" ", start + WINDOW_CHARS // 2, end)
            end = space if space > start else end
        pieces.append(paragraph[start:end])
        start = end
    return pieces


def paragraph_votes(text: str) -> Counter[str]:
    """Letters per language over the paragraphs (or windows of long ones) the identifier is sure of."""
    votes: Counter[str] = Counter()
    ident = identifier()
    for piece in (w for paragraph in text.split("\n") for w in windows(paragraph)):
        weight = letters(piece)
        if weight < MIN_PARAGRAPH_LETTERS:
            continue
        language, confidence = ident.classify(piece)
        if confidence >= MIN_CONFIDENCE and language not in NO_LANGUAGE:
            votes[language] += weight
    return votes


def check(text: str, page_lang: str | None, model_languages: tuple[str, ...]) -> Verdict:
    """Whether a model reading ``model_languages`` can read ``text`` from a page marked ``page_lang``."""
    if MULTILINGUAL in model_languages:
        return Verdict(None, True, "none", 1.0)
    votes = paragraph_votes(text)
    judged = sum(votes.values())
    if judged >= MIN_TEXT_LETTERS:
        share = sum(votes[lang] for lang in model_languages) / judged
        top = votes.most_common(1)[0][0]
        return Verdict(top, share >= MIN_READABLE_SHARE, "text", share)
    page = primary_subtag(page_lang)
    if page is None:
        return Verdict(None, True, "none", 1.0)
    readable = page in model_languages
    return Verdict(page, readable, "page", 1.0 if readable else 0.0)


def language_name(code: str | None) -> str:
    """``"ko"`` -> ``"Korean"``; the code itself where ISO 639 does not know it."""
    if not code:
        return "an unknown language"
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found else code


def refusal_message(verdict: Verdict, model_languages: tuple[str, ...]) -> str:
    """"This page is in Korean; the English model cannot read it.\""""
    model = " / ".join(language_name(code) for code in model_languages)
    return f"This page is in {language_name(verdict.language)}; the {model} model cannot read it."
