"""Claims: check-worthy sentences, their type, hedges, quantities and source (stage
sl_claims, ``component.py``).

Rules: ``claim_model`` (numpy-only check-worthiness scoring), ``quantities`` (values and
units). Data: ``data/claims_cues.txt``; model: ``models/claims.npz``, written by the
offline trainer ``train_claims`` (scikit-learn, never imported at run time).
"""
