"""What is known about a name: the shipped lookup table (``knowledge.py``, read by the
entities and sources stages), the offline builder that writes it from open tables
(``build_knowledge.py``) and the table with its provenance (``data/``).
"""
