"""PLACEHOLDER stage: replaced by its real implementation. Writes nothing yet."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("sl_claims")
def make_stage(nlp: Language, name: str, model_path: str | None = None):
    def stage(doc: Doc) -> Doc:
        return doc

    return stage


def score_sentences(nlp: Language, sentences: list[str]) -> tuple[list[float], list[str]]:
    return [0.0 for _ in sentences], ["other" for _ in sentences]
