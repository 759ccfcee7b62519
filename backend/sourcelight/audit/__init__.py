"""``sourcelight audit``: the service's pipeline over a whole archive, on one machine or a Dask cluster.

reader (stream articles) -> engine (local processes | dask) -> store (partitions, manifest,
resume) -> aggregate (per outlet and month) -> report (report.html).
"""
