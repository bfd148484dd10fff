"""cacheprune.py: the results cache stays under `cache_max_mb:` (least recently used entries go
first, hits count as use), old layouts and stale temporary files go, the compiled-data folder keeps
its most recent pickles, and two runs pruning one folder at once never break each other."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

import claimcheck.api as api
import claimcheck.cache as cache_module
from claimcheck.api import RunOptions, check_paths
from claimcheck.cache import CACHE_FORMAT, store_compiled
from claimcheck.cacheprune import COMPILED_KEEP, PRUNE_INTERVAL_S, PRUNE_TO, prune_compiled, prune_if_due, prune_results
from claimcheck.config import parse_config
from claimcheck.errors import ConfigError

LAYOUT = f"v{CACHE_FORMAT}"
CLAIM = "# A page\n\nThis miracle drug cures cancer with no side effects.\n"
# Many findings make an entry large beside the rule metadata entry (about 100 kB), as real ones are.
CLAIMS = CLAIM + "".join(f"\nTrial {n}: this miracle drug cures cancer with no side effects.\n" for n in range(20))


def _entry(folder: Path, name: str, size: int, mtime: float) -> Path:
    path = folder / LAYOUT / "files" / name[:2] / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": name, "pad": "x" * max(0, size - 30)}), encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def test_least_recently_used_entries_go_first_down_to_the_pruning_target(tmp_path: Path) -> None:
    (tmp_path / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    paths = [_entry(tmp_path, f"{index:02d}aa", 1000, 1_000_000 + index) for index in range(10)]
    sizes = [p.stat().st_size for p in paths]
    cap = sum(sizes) - 1  # one byte over: prune to PRUNE_TO of the cap
    result = prune_results(tmp_path, LAYOUT, cap)
    kept = [p for p in paths if p.exists()]
    # The oldest go, the newest stay, and what is left is within the target.
    assert kept == paths[len(paths) - len(kept):]
    # … and exactly as many as needed: one more entry kept would be over the target.
    assert sum(sizes[-len(kept):]) <= cap * PRUNE_TO < sum(sizes[-len(kept) - 1:])
    assert result.removed == len(paths) - len(kept) and result.kept_bytes == sum(sizes[-len(kept):])
    assert (tmp_path / "CACHEDIR.TAG").is_file()


def test_under_the_cap_or_without_a_cap_nothing_is_removed(tmp_path: Path) -> None:
    paths = [_entry(tmp_path, f"{index:02d}bb", 500, 1_000_000 + index) for index in range(4)]
    assert prune_results(tmp_path, LAYOUT, 10**9).removed == 0
    assert prune_results(tmp_path, LAYOUT, 0).removed == 0  # 0 = no limit
    assert all(p.exists() for p in paths)


def test_other_layouts_and_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old = tmp_path / "v0" / "files" / "ab" / "ab12.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}", encoding="utf-8")
    keep = _entry(tmp_path, "cd34", 100, 2_000_000)
    stale = keep.parent / ".cd35.json.x1.tmp"
    fresh = keep.parent / ".cd36.json.x2.tmp"
    for path, mtime in ((stale, 1_000_000), (fresh, 2_000_000)):
        path.write_text("{", encoding="utf-8")
        os.utime(path, (mtime, mtime))
    result = prune_results(tmp_path, LAYOUT, 10**9, now=2_000_100)
    assert not (tmp_path / "v0").exists()
    assert not stale.exists() and fresh.exists()  # a write in progress is left alone
    assert keep.exists() and result.removed == 1


def test_a_recent_measurement_with_room_left_skips_the_scan(tmp_path: Path) -> None:
    paths = [_entry(tmp_path, f"{index:02d}dd", 1000, 1_000_000 + index) for index in range(6)]
    total = sum(p.stat().st_size for p in paths)
    now = 2_000_000.0
    first = prune_if_due(tmp_path, LAYOUT, 10 * total, written=0, now=now)
    assert first is not None and first.kept_bytes == total  # no measurement yet: the folder is scanned
    # Soon after, with room for what was written: no scan, and the written bytes are added up.
    assert prune_if_due(tmp_path, LAYOUT, 10 * total, written=500, now=now + 5) is None
    assert prune_if_due(tmp_path, LAYOUT, 10 * total, written=500, now=now + 10) is None
    assert (tmp_path / LAYOUT / ".pruned").read_text(encoding="ascii") == str(total + 1000)
    # Over the limit by the running count: scanned (and pruned) at once.
    pruned = prune_if_due(tmp_path, LAYOUT, total - 1, written=500, now=now + 15)
    assert pruned is not None and pruned.removed > 0 and pruned.kept_bytes <= (total - 1) * PRUNE_TO
    # And scanned again once the measurement is old, even with room left.
    assert prune_if_due(tmp_path, LAYOUT, 10 * total, written=1, now=now + 15 + PRUNE_INTERVAL_S) is not None


@pytest.fixture()
def capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder of 12 articles whose config caps the results cache at about 4 entries."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for index in range(12):
        (site / "content" / f"a{index:02d}.md").write_text(CLAIMS + f"\nPart {index}.\n", encoding="utf-8")
    monkeypatch.delenv(cache_module.ENV_CACHE_DIR, raising=False)
    return site


def _configure(site: Path, max_mb: float) -> None:
    (site / ".claimcheck.yaml").write_text(f"cache_max_mb: {max_mb}\n", encoding="utf-8")


def _entries(site: Path) -> list[Path]:
    return sorted((site / ".claimcheck_cache" / LAYOUT / "files").rglob("*.json"))


def _rules_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / ".claimcheck_cache" / LAYOUT / "rules").rglob("*.json"))


def _cache_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / ".claimcheck_cache" / LAYOUT).rglob("*.json"))


def test_a_run_prunes_the_cache_it_wrote_to_its_configured_size(capped: Path) -> None:
    _configure(capped, 100)
    content = capped / "content"
    first = check_paths([str(content)], RunOptions(cache=True))
    assert len(_entries(capped)) == 12
    size = max(p.stat().st_size for p in _entries(capped))
    assert 12 * size > _rules_bytes(capped) / 2
    cap = int((_rules_bytes(capped) + 4 * size) / PRUNE_TO)  # the rule metadata and about 4 entries
    _configure(capped, cap / (1024 * 1024))
    (content / "a00.md").write_text(CLAIMS + "\nEdited.\n", encoding="utf-8")
    second = check_paths([str(content)], RunOptions(cache=True))
    assert 0 < len(_entries(capped)) < 12
    assert _cache_bytes(capped) <= cap * PRUNE_TO
    # Pruned entries only cost a re-lint: the findings are the same.
    third = check_paths([str(content)], RunOptions(cache=True))
    assert [f.findings for f in third.files] == [f.findings for f in second.files]
    assert [f.findings for f in third.files][1:] == [f.findings for f in first.files][1:]


def test_a_hit_counts_as_use_so_it_is_pruned_last(capped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _configure(capped, 100)
    content = capped / "content"
    check_paths([str(content)], RunOptions(cache=True))
    entries = _entries(capped)
    assert len(entries) == 12
    for path in entries:
        os.utime(path, (1_000_000, 1_000_000))  # everything looks long unused …
    check_paths([str(content / "a05.md")], RunOptions(cache=True))  # … but a05 is read now
    recent = [p for p in entries if p.stat().st_mtime > 1_000_000]
    assert len(recent) == 1
    # Pruning to the rule metadata and about one entry's worth keeps that one, not the long-unused.
    size = max(p.stat().st_size for p in entries)
    prune_results(capped / ".claimcheck_cache", LAYOUT, int((_rules_bytes(capped) + 1.2 * size) / PRUNE_TO))
    assert [p for p in entries if p.exists()] == recent
    linted: list[str] = []
    real = api.lint_source
    monkeypatch.setattr(api, "lint_source", lambda display, *rest: linted.append(display) or real(display, *rest))
    check_paths([str(content / "a05.md"), str(content / "a04.md")], RunOptions(cache=True))
    assert linted == [str(content / "a04.md")]  # a05 is still served from the cache


def test_cache_max_mb_must_be_a_non_negative_number(tmp_path: Path) -> None:
    assert parse_config({"cache_max_mb": 0}, "x.yaml", tmp_path).cache_max_mb == 0
    assert parse_config({"cache_max_mb": 2.5}, "x.yaml", tmp_path).cache_max_mb == 2.5
    for bad in (-1, "big", True):
        with pytest.raises(ConfigError, match="cache_max_mb"):
            parse_config({"cache_max_mb": bad}, "x.yaml", tmp_path)


def test_prunes_running_at_once_on_one_folder_never_fail_and_leave_valid_entries(tmp_path: Path) -> None:
    paths = [_entry(tmp_path, f"{index:03d}c", 400, 1_000_000 + index) for index in range(200)]
    cap = sum(p.stat().st_size for p in paths) // 2
    errors: list[BaseException] = []

    def prune() -> None:
        try:
            prune_results(tmp_path, LAYOUT, cap)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=prune) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    left = sorted(tmp_path.rglob("*.json"))
    assert 0 < sum(p.stat().st_size for p in left) <= cap * PRUNE_TO
    assert left == [p for p in paths if p.exists()] and left == paths[-len(left):]  # the newest survive
    assert all(json.loads(p.read_bytes())["key"] == p.stem for p in left)


def test_the_compiled_folder_keeps_its_most_recently_used_pickles(tmp_path: Path) -> None:
    pickles = []
    for index in range(COMPILED_KEEP + 3):
        path = tmp_path / f"{index:02d}.pickle"
        path.write_bytes(b"x" * 10)
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
        pickles.append(path)
    os.utime(pickles[0], (2_000_000, 2_000_000))  # the oldest was just used
    (tmp_path / "notes.txt").write_text("not a pickle", encoding="utf-8")
    result = prune_compiled(tmp_path)
    assert result.removed == 3
    assert [p.exists() for p in pickles] == [True, False, False, False] + [True] * (COMPILED_KEEP - 1)
    assert (tmp_path / "notes.txt").exists()


def test_storing_compiled_data_prunes_older_pickles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path))
    folder = tmp_path / "compiled"
    folder.mkdir()
    for index in range(COMPILED_KEEP + 2):
        old = folder / f"old{index}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + index, 1_000_000 + index))
    store_compiled("newkey", {"built": True})
    names = sorted(p.name for p in folder.glob("*.pickle"))
    assert "newkey.pickle" in names and len(names) == COMPILED_KEEP
    assert cache_module.load_compiled("newkey") == {"built": True}
