"""Evaluation scripts: score pipeline stages on the shared dev data."""
