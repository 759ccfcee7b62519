"""PLACEHOLDER stage: replaced by its real implementation. Writes nothing yet."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("sl_entities")
def make_stage(nlp: Language, name: str):
    def stage(doc: Doc) -> Doc:
        return doc

    return stage
