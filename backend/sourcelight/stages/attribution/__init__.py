"""Attribution: who says what (stage sl_attribution, ``component.py``).

Finds (cue, source, content) triples from the dependency parse and quotation marks.
Data: the cue lexicon in ``data/`` (speech verbs, stance verbs, verbs whose object or
prepositional object is the content, xcomp verbs, reporting and document nouns).
"""
