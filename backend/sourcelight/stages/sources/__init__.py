"""Sources: one Source per real-world source the attributions name (stage sl_sources,
``component.py``).

Rules: ``source_types`` (what kind of source a name or description is, from words and
the parse) and ``source_index`` (the lookups each attribution needs, kept linear).
Data: ``data/person_roles.tsv``, ``data/source_nouns.tsv``, ``data/militant_groups.txt``;
known names come from ``stages/knowledge``.
"""
