"""The pipeline stages: spaCy components run in this order by pipeline.py, laid out by
capability. Each capability is one subpackage holding its component (``component.py``,
the registered spaCy factory), the rules it uses, its word lists (``data/``) and, where
it has one, its model (``models/``):

    paragraphs.py    sl_paragraphs  a blank line starts a sentence (runs before the parser)
    furniture.py     sl_furniture   page furniture, skipped by every later stage
    entities/        sl_entities    names: mentions, acronyms, groups, gazetteer, name evidence
    attribution/     sl_attribution who says what: (cue, source, content) triples
    sources/         sl_sources     one Source per real-world source, typed and linked
    claims/          sl_claims      check-worthy sentences, types, hedges, quantities
    outlets.py       sl_outlets     ratings of the page's outlet and the outlets it cites

Shared by several stages: ``knowledge/`` (the lookup table of known names, with its
offline builder beside the data it builds), ``positions.py`` (offset indexes that keep
every stage linear) and ``wordlists.py`` (the one loader of every stage's word lists).
Offline builders (``knowledge/build_knowledge.py``, ``claims/train_claims.py``) sit
beside the data or weights they write and are never imported at run time.
Each stage reads the Doc and what earlier stages wrote, and adds its own typed records
(annotation.py) to one Doc extension.
"""
