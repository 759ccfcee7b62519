"""Sourcelight: entities, check-worthy claims and their sources in news articles."""

__version__ = "0.1.0"
