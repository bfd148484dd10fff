"""Archive scans: `claimcheck scan DATASET --output FINDINGS`, on a process pool or a Dask cluster.

See docs/scan.md. `scan()` is the entry point; the engines, dataset reading and output parts each
have a module of their own.
"""
from claimcheck.scan.dataset import Columns
from claimcheck.scan.driver import ScanOptions, ScanResult, require_dask, scan

__all__ = ["Columns", "ScanOptions", "ScanResult", "require_dask", "scan"]
