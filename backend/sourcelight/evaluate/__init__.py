"""Evaluation scripts: measure a stage against public annotated corpora."""
