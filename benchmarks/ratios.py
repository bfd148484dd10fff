"""Process-level ratios for bench.py (issue 10): every figure is the wall time of whole processes,
each divided by a reference process measured in the same run on the same files.

  corpus:      claimcheck --jobs 1 --no-cache on the corpus  /  a process that only runs
               spacy.blank("en")'s tokenizer over the same files
  one article: claimcheck on one article (--no-cache)  /  a process that only does `import spacy`;
               and the same for an edited article (result not cached, compiled rules/reference cached)
  cached:      an unchanged re-run of the corpus (cache warm)  /  `import spacy`
  jobs:        --jobs 2  /  --jobs 1 on the corpus (--no-cache)
  peers:       claimcheck  /  textlint + textlint-rule-prh (a 50-entry dictionary) on ~100k words
               and on one article (with --peers; npm installs them in the benchmark's temp folder)

Each process is started by a tiny launcher that reads its own peak RSS with wait4 (see bench.py).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TARGET_CORPUS = 1.5
TARGET_ONE_ARTICLE = 1.3
TARGET_CACHED = 0.5
TARGET_JOBS = 0.6
TARGET_RSS_MIB = 250.0

_BARE_TOKENIZER = r"""
import sys
import spacy
nlp = spacy.blank("en")
for name in sys.argv[1:]:
    with open(name, encoding="utf-8", errors="replace") as handle:
        nlp.make_doc(handle.read())
"""

# A prh dictionary of 50 entries written for this benchmark: house style for articles on cancer
# treatment (hype words, hedges, spellings), the kind of list a content team keeps for textlint.
_PRH_ENTRIES = [
    ("treatment", "miracle cure"), ("treatment", "wonder drug"), ("promising", "revolutionary"),
    ("new", "groundbreaking"), ("new", "game-changing"), ("important", "breakthrough"),
    ("may help", "guarantees"), ("can help some people", "works for everyone"), ("in some patients", "in all patients"),
    ("remission", "wipes out"), ("reduced", "eradicated"), ("side effects", "side-affects"),
    ("immunotherapy", "immuno-therapy"), ("immunotherapy", "immune therapy"), ("checkpoint inhibitor", "check-point inhibitor"),
    ("CAR T-cell therapy", "CAR-T cell therapy"), ("CAR T-cell therapy", "car-t"), ("PD-1", "PD1"), ("PD-L1", "PDL1"),
    ("CTLA-4", "CTLA4"), ("pembrolizumab", "pembrolizamab"), ("nivolumab", "nivolumob"), ("ipilimumab", "ipilumumab"),
    ("atezolizumab", "atezolizumob"), ("durvalumab", "durvalumob"), ("cemiplimab", "cemiplimub"),
    ("tumour", "tumor"), ("tumours", "tumors"), ("oncologist", "oncologyst"), ("clinical trial", "clinical-trial"),
    ("clinical trials", "clinical-trials"), ("hazard ratio", "hazard-ratio"), ("overall survival", "over-all survival"),
    ("progression-free survival", "progression free survival"), ("placebo", "placibo"), ("randomised", "randomized"),
    ("personalised", "personalized"), ("metastatic", "metastatik"), ("melanoma", "melanomma"), ("leukaemia", "leukemia"),
    ("lymphoma", "lymphomma"), ("chemotherapy", "chemo-therapy"), ("radiotherapy", "radio-therapy"),
    ("fatigue", "fatique"), ("colitis", "colitus"), ("pneumonitis", "pneumonitus"), ("hepatitis", "hepatitus"),
    ("e.g.", "eg."), ("i.e.", "ie."), ("per cent", "percent"),
]
assert len(_PRH_ENTRIES) == 50


def _prh_yaml() -> str:
    lines = ["version: 1", "rules:"]
    for expected, pattern in _PRH_ENTRIES:
        if "-" in pattern:  # prh escapes '-' as '\-', which a unicode-mode JS RegExp refuses: give a regex
            pattern = f"/{pattern}/"
        lines += [f"  - expected: {json.dumps(expected)}", f"    pattern: {json.dumps(pattern)}"]
    return "\n".join(lines) + "\n"


@dataclass
class Process:
    """One command to time, and its wall times and peak RSS so far."""

    command: list[str]
    cwd: str
    env: dict[str, str] | None = None
    codes: tuple[int, ...] = (0, 1)
    before_each: Callable[[], None] | None = None
    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def run(self, launcher: str) -> None:
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        if self.before_each is not None:
            self.before_each()
        with tempfile.NamedTemporaryFile("r", suffix=".json") as result, tempfile.TemporaryFile() as err:
            subprocess.run([sys.executable, "-I", "-S", "-c", launcher, result.name, *self.command], cwd=self.cwd,
                           env=self.env, stdout=subprocess.DEVNULL, stderr=err, check=True)
            measured = json.load(result)
            err.seek(0)
            if measured["code"] not in self.codes:
                raise SystemExit(f"bench: {' '.join(self.command[:4])} … exited {measured['code']}: "
                                 f"{err.read().decode(errors='replace')[-400:]}")
        self.times.append(measured["seconds"])
        self.rss.append(measured["maxrss"] / scale)

    def figures(self) -> dict[str, object]:
        return {"median_s": statistics.median(self.times), "min_s": min(self.times), "times_s": self.times,
                "peak_rss_mib": max(self.rss)}


def timed_together(launcher: str, processes: dict[str, Process], runs: int) -> dict[str, dict[str, object]]:
    """Median and minimum wall time and the peak RSS of `runs` runs of each process, run in rounds
    (each process once per round, in turn), so that a change in the machine's load during the
    benchmark falls on every figure alike rather than on the ones measured at that moment."""
    for _ in range(runs):
        for process in processes.values():
            process.run(launcher)
    return {name: process.figures() for name, process in processes.items()}


def _install_peers(folder: Path) -> Path | None:
    """textlint + textlint-rule-prh from npm, in this run's temp folder; None if npm is missing or fails."""
    if not shutil.which("npm"):
        print("  peers: npm not found; skipped")
        return None
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder),
                           "textlint@14", "textlint-rule-prh@6"], capture_output=True, text=True)
    binary = folder / "node_modules" / ".bin" / "textlint"
    if done.returncode != 0 or not binary.exists():
        print(f"  peers: npm install failed ({done.stderr.strip()[-200:]}); skipped")
        return None
    (folder / "prh.yml").write_text(_prh_yaml(), encoding="utf-8")
    (folder / ".textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(folder / "prh.yml")]}}}),
                                             encoding="utf-8")
    return binary


def _ratio_line(label: str, mine: dict[str, object], reference: dict[str, object], reference_label: str,
                target: float | None, below: bool = True) -> float:
    ratio = float(mine["median_s"]) / float(reference["median_s"])  # type: ignore[arg-type]
    verdict = ""
    if target is not None:
        verdict = f"   target <= {target:g}x: {'PASS' if ratio <= target else 'FAIL'}" if below else \
            f"   target < {target:g}x: {'PASS' if ratio < target else 'FAIL'}"
    print(f"  {label:<44} {mine['median_s']:.2f} s / {reference_label} {reference['median_s']:.2f} s "
          f"= {ratio:.2f}x{verdict}")
    return ratio


def byte_compile(packages: list[Path]) -> str:
    """Write each package's .pyc files, as pip does when it installs a package: with
    PYTHONDONTWRITEBYTECODE set (as on some CI machines and this project's VM) an editable checkout
    would otherwise be compiled from source in every process, while spaCy, the reference process,
    was byte-compiled when it was installed."""
    import compileall

    done = [str(p) for p in packages if p.is_dir() and compileall.compile_dir(str(p), quiet=1, force=False)]
    return ", ".join(done) or "nothing"


def run_ratios(launcher: str, files: list[Path], words: list[int], article: Path, runs: int, peers: bool,
               work: Path, cpus: set[int] | None, before: Path | None = None) -> dict[str, object]:
    """Measure and print every ratio; returns the figures for --json."""
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus)  # child processes must see every usable core (for --jobs 2)
    corpus = work / "ratio-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, corpus / file.name)
    names = sorted(str(p) for p in corpus.iterdir())
    cwd = str(work)
    # --no-cache turns off the results cache only; the compiled data goes to a folder of this run's
    # own. In the user's cache folder, other checkouts' runs at the same time (other versions of the
    # code, each with its own pickle) evicted ours, so some timed runs rebuilt the compiled data.
    env_nocache = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(work / "ratio-compiled")}
    claimcheck = [sys.executable, "-m", "claimcheck", "check", "--format", "json", "--no-config"]
    print(f"\n8. process ratios: median of {runs} runs each (in {runs} rounds, every process once a round), wall time "
          f"from process start to exit, in this run "
          f"({len(files)} files, {sum(words):,} prose words; one article {article.name})")
    from claimcheck.data import _PACKAGE as package

    packages = [package] + ([before / "claimcheck"] if before is not None else [])
    print(f"  byte-compiled beforehand (as an installed package is): {byte_compile(packages)}")
    cache_dir = work / "ratio-cache"          # the unchanged re-run's cache (every file in it)
    edited_dir = work / "ratio-cache-edited"  # the edited article's: compiled data and rule metadata
    cache_env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(cache_dir)}
    edited_env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(edited_dir)}
    # Untimed first runs: the compiled data (this run's own folder) and both result caches are filled.
    for command, env in (([*claimcheck, "--no-cache", str(article)], env_nocache),
                         ([*claimcheck, "--jobs", "1", str(corpus)], cache_env),
                         ([*claimcheck, str(article)], edited_env)):
        Process(command, cwd, env).run(launcher)
    processes = {
        "import_spacy": Process([sys.executable, "-c", "import spacy"], cwd),
        "bare_tokenizer": Process([sys.executable, "-c", _BARE_TOKENIZER, *names], cwd),
        "corpus_jobs1": Process([*claimcheck, "--no-cache", "--jobs", "1", str(corpus)], cwd, env_nocache),
        "corpus_jobs2": Process([*claimcheck, "--no-cache", "--jobs", "2", str(corpus)], cwd, env_nocache),
        "one_article": Process([*claimcheck, "--no-cache", str(article)], cwd, env_nocache),
        "cached_rerun": Process([*claimcheck, "--jobs", "1", str(corpus)], cwd, cache_env),
        # An edited article: its result is not cached, the compiled rules and reference are.
        "one_article_edited": Process([*claimcheck, str(article)], cwd, edited_env, before_each=lambda: shutil.rmtree(
            edited_dir / "v1" / "files", ignore_errors=True)),
    }
    old = [sys.executable, "-m", "claimcheck", "check", "--format", "json", "--no-config"]
    if before is not None and (before / "claimcheck" / "cache.py").is_file():
        old.append("--no-cache")  # a version with a results cache would otherwise time reading it
    if before is not None and (before / "claimcheck" / "parallel.py").is_file():
        old += ["--jobs", "1"]  # a version with --jobs would otherwise use every core against our --jobs 1 figure
    old_env = {**env_nocache, "PYTHONPATH": str(before.resolve())} if before is not None else None
    if before is not None:  # an older checkout (no cache, no --jobs), measured in the same rounds
        processes["before_corpus"] = Process([*old, str(corpus)], cwd, old_env)
        processes["before_one_article"] = Process([*old, str(article)], cwd, old_env)
    half: list[str] = []
    total = 0
    rc: list[str] = []
    binary = _install_peers(work / "peers") if peers else None
    if binary is not None:
        for name, count in zip(names, words, strict=True):
            if total >= 100_000:
                break
            half.append(name)
            total += count
        rc = ["--config", str(work / "peers" / ".textlintrc.json"), "--format", "json"]
        processes["textlint_100k"] = Process([str(binary), *rc, *half], cwd)
        processes["claimcheck_100k"] = Process([*claimcheck, "--no-cache", "--jobs", "1", *half], cwd, env_nocache)
        processes["textlint_one"] = Process([str(binary), *rc, str(article)], cwd)
        if before is not None:
            processes["before_100k"] = Process([*old, *half], cwd, old_env)
    figures: dict[str, object] = {}
    figures.update(timed_together(launcher, processes, runs))
    ratios = {
        "corpus_over_bare_tokenizer": _ratio_line("corpus, claimcheck --jobs 1 --no-cache", figures["corpus_jobs1"],
                                                  figures["bare_tokenizer"], "bare tokenizer", TARGET_CORPUS),
        "corpus_jobs2_over_bare_tokenizer": _ratio_line("corpus, claimcheck --jobs 2 --no-cache", figures["corpus_jobs2"],
                                                        figures["bare_tokenizer"], "bare tokenizer", TARGET_CORPUS),
        "one_article_over_import_spacy": _ratio_line("one article, claimcheck --no-cache", figures["one_article"],
                                                     figures["import_spacy"], "import spacy", TARGET_ONE_ARTICLE),
        "one_edited_article_over_import_spacy": _ratio_line(
            "one edited article (compiled data cached)", figures["one_article_edited"], figures["import_spacy"],
            "import spacy", TARGET_ONE_ARTICLE),
        "cached_rerun_over_import_spacy": _ratio_line("unchanged re-run of the corpus (cache)", figures["cached_rerun"],
                                                      figures["import_spacy"], "import spacy", TARGET_CACHED),
        "jobs2_over_jobs1": _ratio_line("corpus, --jobs 2 / --jobs 1 (--no-cache)", figures["corpus_jobs2"],
                                        figures["corpus_jobs1"], "--jobs 1", TARGET_JOBS),
    }
    if before is not None:
        print(f"  before (claimcheck from {before}, same run):")
        ratios["before_corpus_over_bare_tokenizer"] = _ratio_line(
            "  corpus", figures["before_corpus"], figures["bare_tokenizer"], "bare tokenizer", TARGET_CORPUS)
        ratios["before_one_article_over_import_spacy"] = _ratio_line(
            "  one article", figures["before_one_article"], figures["import_spacy"], "import spacy", TARGET_ONE_ARTICLE)
        ratios["before_rerun_over_import_spacy"] = _ratio_line(
            "  re-run of the corpus (no cache then)", figures["before_corpus"], figures["import_spacy"],
            "import spacy", TARGET_CACHED)
    if binary is not None:
        figures["peers_words"] = total
        if before is not None:
            ratios["before_over_textlint_100k"] = _ratio_line(
                "  before: claimcheck", figures["before_100k"], figures["textlint_100k"], "textlint+prh", 1.0,
                below=False)
        ratios["claimcheck_over_textlint_100k"] = _ratio_line(
            f"~{total // 1000}k words, claimcheck --jobs 1 --no-cache", figures["claimcheck_100k"],
            figures["textlint_100k"], "textlint+prh", 1.0, below=False)
        ratios["claimcheck_over_textlint_one"] = _ratio_line(
            "one article, claimcheck --no-cache", figures["one_article"], figures["textlint_one"],
            "textlint+prh", None)
    print("  peak RSS per process (ru_maxrss from wait4), target <= "
          f"{TARGET_RSS_MIB:g} MiB: " + ", ".join(f"{name} {value['peak_rss_mib']:.0f} MiB"
                                                  for name, value in figures.items() if isinstance(value, dict)))
    worst = max(float(v["peak_rss_mib"]) for k, v in figures.items()  # type: ignore[arg-type]
                if isinstance(v, dict) and not k.startswith("textlint"))
    print(f"  largest claimcheck or spaCy process: {worst:.0f} MiB: {'PASS' if worst <= TARGET_RSS_MIB else 'FAIL'} "
          "(a --jobs 2 run's figure is its biggest process, parent or worker)")
    figures["ratios"] = ratios
    return figures
