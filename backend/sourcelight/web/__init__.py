"""The HTTP service: the Flask app factory, the /api/v1 blueprint, the /demo page, and
what serves them (gunicorn settings, per-worker model loading, cache, limits, errors).
"""
