"""Batch (Dask) tests: a real LocalCluster of 2 worker processes on a small sample."""
