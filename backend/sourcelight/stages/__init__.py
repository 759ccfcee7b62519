"""The pipeline stages: spaCy components, one per module, run in this order by pipeline.py.

furniture -> entities (mentions, groups, acronyms, gazetteer) -> attribution -> sources
-> claims (claim_model, quantities; train_claims builds its model) -> outlets.
Each reads the Doc and what earlier stages wrote, and adds its own typed records
(annotation.py) to one Doc extension. Word lists live in data/, trained weights in models/.
"""
