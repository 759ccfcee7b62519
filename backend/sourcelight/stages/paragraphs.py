"""Stage sl_paragraphs: a blank line starts a sentence.

Runs before the model's parser (the parser keeps boundaries set before it). Without it
the parser joins a line that ends without a full stop to the next paragraph: a timestamp
or dateline ("4:40 p.m.\\n\\nRubio says ...") becomes the subject or modifier of the
paragraph's verb, and every stage reading that sentence misreads it. A line ending in a
colon introduces the next paragraph ("He said:\n\n\"...\""), so it stays joined to it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def is_blank_line(text: str) -> bool:
    """Whitespace holding two or more line breaks: a paragraph break."""
    return text.count("\n") >= 2


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Mark the first token after each blank line as a sentence start, unless the line
    before ends in a colon."""
    for tok in doc[1:-1]:
        if tok.is_space and is_blank_line(tok.text) and doc[tok.i - 1].text != ":":
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.component("sl_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc)
