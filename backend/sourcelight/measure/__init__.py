"""Measuring Sourcelight: quality on the dev data (conll, polnear), speed and memory
(bench), and a long load run (soak, with its locustfile).
"""
