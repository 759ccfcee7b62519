"""Attribution: who says what (stage sl_attribution, ``component.py``).

Finds (cue, source, content) triples from the dependency parse and quotation marks;
the newer constructions are DependencyMatcher patterns kept as data
(``constructions.py`` reads ``data/constructions.json``).
Data: the cue lexicon in ``data/`` (speech verbs, stance verbs, verbs whose object or
prepositional object is the content, xcomp verbs, reporting and document nouns).
"""
