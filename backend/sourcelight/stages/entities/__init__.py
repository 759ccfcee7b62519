"""Entities: one label per name across the article (stage sl_entities, ``component.py``).

Rules: ``mentions`` (the model's names trimmed, and the ones it missed, courtesy titles),
``acronyms`` (definitions in the text and their uses), ``gazetteer`` (place names from
registry packages), ``groups`` (which mentions name one thing, and their descriptions),
``name_evidence`` (a name's shape, the knowledge table) and ``results`` (sports results
lines). Data: ``data/name_shape.tsv``, ``data/honorifics.txt``.
"""
