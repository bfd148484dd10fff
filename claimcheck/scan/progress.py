"""Text for the scan's progress bar and its closing line (the CLI prints them)."""
from __future__ import annotations

from claimcheck.scan.driver import ScanResult

BAR_WIDTH = 24


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def progress_line(done: int, total: int, elapsed: float) -> str:
    """`[#####.....] 1,200/10,000 rows  41.3 rows/s  ETA 3m33s`"""
    fraction = done / total if total else 1.0
    filled = int(BAR_WIDTH * fraction)
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = duration((total - done) / rate) if rate > 0 else "?"
    return (f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,} rows  "
            f"{rate:,.1f} rows/s  ETA {eta}")


def final_line(result: ScanResult, output: str) -> str:
    """One plain line: what was done, how fast, and where it went."""
    rate = (result.linted + result.failed) / result.seconds if result.seconds > 0 else 0.0
    parts = [f"scan: {result.rows:,} rows", f"{result.linted:,} linted"]
    if result.skipped:
        parts.append(f"{result.skipped:,} already done (--resume)")
    parts.append(f"{result.failed:,} could not be linted")
    severities = ", ".join(f"{result.severities.get(s, 0):,} {s}" for s in ("error", "warning", "info"))
    return (f"{'; '.join(parts)}; {result.findings:,} findings ({severities}) in {duration(result.seconds)} "
            f"({rate:,.1f} rows/s); {result.output_format} written to {output}")
