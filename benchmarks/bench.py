#!/usr/bin/env python
"""Throughput, latency and memory benchmark for claimcheck.

Generates a deterministic synthetic corpus of Markdown articles (or reads a folder), then
measures, in one process on one core:

  1. words/s of the spaCy pipeline alone (claimcheck.pipeline.annotate on the prose text);
  2. words/s of the full check (Linter.check_text: markup + pipeline + rules + findings);
  3. words/s of the bare spacy.blank("en") tokenizer on the same prose text;
  4. the ratios bare tokenizer / pipeline and bare tokenizer / full check;
  5. wall time of one article through the CLI (subprocess), plus in-process import+load time;
  6. peak RSS of this process and of the CLI subprocess;
  7. one ~2 MB article through check_text (words/s and RSS growth).

"Words" are whitespace-separated tokens of the prose text that claimcheck lints (the text of
claimcheck.engine.prose_text(claimcheck.markup.parse(...))), the same count for every figure.

Run:  . /work/venv/bin/activate && python benchmarks/bench.py [--json OUT] [--profile]
See benchmarks/README.md for what each figure means and the targets.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Targets (see README.md).
TARGET_WORDS_PER_SECOND = 120_000      # full pipeline, per core
TARGET_MAX_TOKENIZER_RATIO = 3.0       # bare tokenizer words/s ÷ pipeline words/s
TARGET_CLI_SECONDS = 0.8               # one article end-to-end through the CLI

REPO = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text")

# ---------------------------------------------------------------------------------------------
# Vocabulary: ~500 common English words, written for this benchmark. Words that are context
# triggers in rules/context.yaml ("may", "never", "however" …) are kept out of the filler on
# purpose, so that trigger phrases appear only where the templates put them.
# ---------------------------------------------------------------------------------------------
NOUNS = """
time year people way day man thing woman life child world school state family student group
country problem hand part place case week company system program question work government number
night point home water room mother area money story fact month lot right study book eye job word
business issue side kind head house service friend father power hour game line end member law car
city community name team minute idea kid body information back parent face level office door
health person art history party result change morning reason research girl moment air teacher
force education foot boy age policy process music market sense nation plan college interest
experience effect use class control care field development role effort rate heart show leader
light voice view relationship town road arm difference value building action model season society
director position player record paper space ground form event official matter center couple site
project activity star table need court situation cost industry figure street image phone data
picture practice piece land product doctor wall patient worker news test movie support technology
step baby computer type attention film tree source organization window evidence population truth
nurse clinic visit letter garden kitchen bridge river island meal habit routine schedule journey
""".split()  # noqa: SIM905

VERBS = """
makes takes gives finds tells asks works feels tries leaves calls keeps lets begins helps shows
hears plays runs moves lives holds brings happens writes provides sits stands loses pays meets
includes continues sets learns changes leads understands watches follows stops creates speaks
reads allows adds spends grows opens walks wins offers remembers considers buys waits serves sends
expects builds stays falls reaches remains raises passes sells requires reports decides pulls
returns explains develops carries breaks receives agrees supports produces covers catches draws
chooses measures records compares describes collects prepares checks notes
""".split()  # noqa: SIM905

PAST_VERBS = """
found made took gave told asked worked looked felt tried left called kept began helped showed heard
played moved lived held brought wrote provided lost paid met included continued learned changed
led understood watched followed stopped created added spent grew opened walked offered remembered
bought waited served sent expected built stayed reached reported decided returned explained
developed received measured compared recorded enrolled reviewed described collected
""".split()  # noqa: SIM905

ADJECTIVES = """
other new good high old great big small large long little own young early late hard major better
economic strong whole free full special easy clear recent personal open red difficult available
short single medical current wrong private past foreign fine common poor significant similar hot
central happy serious ready simple physical general environmental financial blue dark various
entire close legal cold final main green nice huge popular traditional cultural wide deep quick
warm careful quiet bright modest steady typical regular daily weekly annual local national rural
urban heavy brief slow useful practical formal informal detailed separate previous original
""".split()  # noqa: SIM905

ADVERBS = """
also just only very even back there well here then now really most too already together almost
later much once quite again soon usually simply recently nearly slowly finally clearly directly
fairly mostly gently partly briefly openly
""".split()  # noqa: SIM905

PREPOSITIONS = """
about above across after against along among around at before behind below beside between beyond
by down during for from in inside into near of off on onto outside over past since through
throughout toward under until up upon with within
""".split()  # noqa: SIM905

DETERMINERS = "the a this that these those each every our their his her its".split()  # noqa: SIM905

FIRST_NAMES = "Amara Tomasz Leila Kwame Ingrid Mateo Saoirse Haruto Nadia Felix Zainab Oskar".split()  # noqa: SIM905
LAST_NAMES = "Okafor Lindqvist Haddad Mensah Novak Ferreira Byrne Tanaka Petrova Adeyemi Moreau".split()  # noqa: SIM905
ORGS = ["Northfield Health Review", "Riverside Cancer Registry", "Harbour Medical Journal",
        "Westgate Oncology Group", "Lakeview Patient Network", "Summit Clinical Bulletin"]

# ---------------------------------------------------------------------------------------------
# Sentence templates. Slots are filled per occurrence:
#   {N} noun  {V} verb (3rd person)  {VP} past verb  {A} adjective  {R} adverb  {P} preposition
#   {T} determiner  {W} 3–8 random words  {D} drug  {B} brand  {C} cancer  {S} side effect
#   {K} therapy class  {NUM} integer  {PCT} percentage  {DEC} decimal  {YEAR} year
#   {TRIAL} trial id  {HR} hazard ratio with CI  {PV} p-value  {PERSON} made-up name
# ---------------------------------------------------------------------------------------------
NEUTRAL = [
    "The {A} {N} {V} {P} the {N} when {D} is given every {NUM} weeks.",
    "In a group of {NUM} people with {C}, {PCT} had a partial response to {D}.",
    "Researchers {VP} {NUM} participants between {YEAR} and {YEAR} at {NUM} sites.",
    "About {PCT} of participants reported {S}, usually within {NUM} weeks of the first dose.",
    "The median follow-up was {DEC} months, with a range of {NUM} to {NUM} months.",
    "{T} {A} {N} {V} the {A} {N} {P} the {N}.",
    "Your care team {V} {W} before each {N}.",
    "Ask your doctor about {S} before starting {D}.",
    "{K} {V} {W} {P} people with {C}.",
    "The trial {TRIAL} {VP} {D} with {D} in {C}.",
    "Overall survival favoured the combination ({HR}; {PV}).",
    "{D}, sold as {B}, is one of several options for {C}.",
    "{W}.",
    "{W}, and {W}.",
    "A {A} {N} {VP} {P} {T} {N} {R}.",
    "Between {YEAR} and {YEAR}, {NUM} {N}s {VP} {W}.",
    "The {N} of {D} is {DEC} mg per kg, given {P} a {A} {N}.",
    "People who {VP} {S} {VP} {W}.",
    "{PCT} of the {N} {VP} {A} {N}s, compared with {PCT} in the {A} group.",
    "The {A} {N} {V} {R}, and the {N} {V} {W}.",
    "On day {NUM}, the {N} {VP} {T} {A} {N} {P} {C}.",
    "{PERSON} {VP} the {N} {P} {YEAR}.",
    "Trial {TRIAL} is {R} {A}, with {NUM} of {NUM} places filled.",
    "{K} such as {D} and {D} {V} {T} {N} {P} {T} {N}.",
    "Signs of {S} include {W}.",
    "The {N} {V} {P} {T} {N}; the {N} {V} {W}.",
]

HYPE = [
    "{D} cures {C} in just a few weeks.",
    "This miracle drug has no side effects at all.",
    "Studies show that {D} is completely safe.",
    "{D} is a breakthrough for everyone with {C}.",
    "It works for everyone, every time.",
    "{D} is a real game-changer for {C}.",
    "{K} is the best treatment for {C}.",
    "Doctors are calling {D} a wonder drug.",
    "{D} wiped out the cancer in {NUM} days.",
    "Experts agree that {D} is safe and effective.",
    "{PCT} of patients were cancer-free after {D}.",
    "{D} doubles survival for people with {C}.",
]

CAREFUL = [
    "{D} does not cure most cases of {C}.",
    "There is no evidence that {D} {V} {W}.",
    "{D} may help some patients with {C}, but not all of them.",
    "It is not true that {K} works for everyone.",
    "Myth: {D} is a miracle cure.",
    "Researchers hope {D} could one day help more people with {C}.",
    "{D} is not a miracle drug, and most patients do not respond.",
    "Early results suggest {D} might extend survival in {C}.",
    "Some people believe {D} has no side effects, but {S} is common.",
    "Is {D} a cure for {C}?",
    "If {D} works, the {N} {V} {W}.",
    "\u201cI felt {A} again,\u201d one patient said about {D}.",
]

QUOTES = [
    "\u201c{W},\u201d said {PERSON}.",
    "\"{W},\" {PERSON} said.",
]

HEADINGS = [
    "{A} {N} and {N}", "What is {D}?", "How does {D} work?", "Side effects of {K}",
    "{C}: what the {N} shows", "The {A} {N}", "Questions about {S}", "Does {D} help with {C}?",
    "{N} {P} the {N}", "Results from {TRIAL}", "Living with {C}", "Before you start {D}",
]

DISCLAIMERS = [
    "*This article is general information and does not replace advice from your own doctor.*",
    "_Talk to your care team about whether any treatment is right for you, and about its risks._",
]

_SLOT = re.compile(r"\{([A-Z]+)\}")


class Names:
    """Therapy, brand, cancer, side-effect and class names from claimcheck's reference folder."""

    def __init__(self, folder: Path) -> None:
        import yaml

        self.drugs: list[str] = []
        self.brands: list[str] = []
        self.codes: list[str] = []
        self.cancers: list[str] = []
        self.side_effects: list[str] = []
        self.classes: list[str] = []
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for agent in data.get("agents") or ():
                self.drugs.append(agent["name"])
                self.drugs.extend(agent.get("synonyms") or ())
                self.brands.extend(agent.get("brands") or ())
                self.codes.extend(str(c) for c in agent.get("codes") or ())
            for key, target in (("cancers", self.cancers), ("side_effects", self.side_effects),
                                ("classes", self.classes)):
                for entry in data.get(key) or ():
                    target.append(entry["name"])
                    target.extend(s for s in entry.get("synonyms") or () if isinstance(s, str))
        for values in (self.drugs, self.brands, self.codes, self.cancers, self.side_effects, self.classes):
            values[:] = sorted(set(values))
        if not (self.drugs and self.brands and self.cancers and self.side_effects and self.classes):
            raise SystemExit(f"bench: no reference names found in {folder}")


def _reference_folder() -> Path:
    checkout = REPO / "reference"
    if checkout.is_dir():
        return checkout
    from claimcheck.data import reference_dir

    return reference_dir()


class Generator:
    """Deterministic synthetic Markdown articles (every choice comes from one seeded RNG)."""

    def __init__(self, seed: int, names: Names) -> None:
        self.rng = random.Random(seed)
        self.names = names
        self.words = NOUNS + VERBS + PAST_VERBS + ADJECTIVES + ADVERBS + PREPOSITIONS + DETERMINERS

    # -- slot values ----------------------------------------------------------------------------
    def _number(self) -> str:
        r = self.rng
        value = int(r.lognormvariate(4.0, 1.6)) + 2
        return f"{value:,}" if value >= 1000 and r.random() < 0.7 else str(value)

    def _slot(self, name: str) -> str:
        r = self.rng
        if name == "N":
            return r.choice(NOUNS)
        if name == "V":
            return r.choice(VERBS)
        if name == "VP":
            return r.choice(PAST_VERBS)
        if name == "A":
            return r.choice(ADJECTIVES)
        if name == "R":
            return r.choice(ADVERBS)
        if name == "P":
            return r.choice(PREPOSITIONS)
        if name == "T":
            return r.choice(DETERMINERS)
        if name == "W":
            return " ".join(r.choice(self.words) for _ in range(r.randint(3, 8)))
        if name == "D":
            pick = r.random()
            if pick < 0.12:
                return r.choice(self.names.brands)
            if pick < 0.17 and self.names.codes:
                return r.choice(self.names.codes)
            return r.choice(self.names.drugs)
        if name == "B":
            return r.choice(self.names.brands)
        if name == "C":
            return r.choice(self.names.cancers)
        if name == "S":
            return r.choice(self.names.side_effects)
        if name == "K":
            return r.choice(self.names.classes)
        if name == "NUM":
            return self._number()
        if name == "PCT":
            return f"{r.uniform(0.5, 95):.1f}%" if r.random() < 0.6 else f"{r.randint(1, 99)}%"
        if name == "DEC":
            return f"{r.uniform(0.1, 60):.{r.choice((1, 1, 2))}f}"
        if name == "YEAR":
            return str(r.randint(1988, 2025))
        if name == "TRIAL":
            return f"NCT0{r.randint(0, 9_999_999):07d}"
        if name == "HR":
            hr = r.uniform(0.4, 1.1)
            return f"HR {hr:.2f}, 95% CI {hr * 0.8:.2f}\u2013{hr * 1.2:.2f}"
        if name == "PV":
            return f"p = {r.choice(('0.', '0.0', '0.00'))}{r.randint(1, 9)}{r.randint(0, 9)}"
        if name == "PERSON":
            return f"Dr {r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        raise KeyError(name)

    def fill(self, template: str) -> str:
        text = _SLOT.sub(lambda m: self._slot(m.group(1)), template)
        return text[0].upper() + text[1:] if text[0].islower() else text

    def sentence(self) -> str:
        pick = self.rng.random()
        if pick < 0.06:
            pool = HYPE
        elif pick < 0.14:
            pool = CAREFUL
        elif pick < 0.17:
            pool = QUOTES
        else:
            pool = NEUTRAL
        return self.fill(self.rng.choice(pool))

    # -- inline markup --------------------------------------------------------------------------
    def decorate(self, sentence: str) -> str:
        """Emphasis, links, inline code and bare URLs on a plain sentence (prose words unchanged)."""
        r = self.rng
        words = sentence.split(" ")
        roll = r.random()
        if roll < 0.10 and len(words) > 2:
            i = r.randrange(len(words) - 1)
            if words[i].isalpha():
                mark = r.choice(("*", "**", "_"))
                words[i] = f"{mark}{words[i]}{mark}"
        elif roll < 0.20 and len(words) > 4:
            i = r.randrange(len(words) - 3)
            j = i + r.randint(1, 3)
            if all(re.fullmatch(r"[\w-]+", w) for w in words[i:j]):
                slug = "-".join(w.lower() for w in words[i:j])
                words[i] = "[" + words[i]
                words[j - 1] = f"{words[j - 1]}](https://example.org/{slug}/{r.randint(1, 9999)})"
        elif roll < 0.23 and len(words) > 3:
            i = r.randrange(1, len(words) - 1)
            if words[i].isalpha():
                words[i] = f"`{words[i]}`"
        text = " ".join(words)
        roll = r.random()
        if roll < 0.08 and text.endswith("."):
            org = r.choice(ORGS)
            text = text[:-1] + f" ([{org}, {r.randint(1995, 2025)}](https://example.org/ref/{r.randint(1, 99999)}))."
        elif roll < 0.10:
            text += f" See https://example.com/notes/{r.randint(1, 99999)} for details."
        return text

    def paragraph(self, sentences: int) -> tuple[str, int]:
        plain = [self.sentence() for _ in range(sentences)]
        words = sum(len(s.split()) for s in plain)
        text = " ".join(self.decorate(s) for s in plain)
        if self.rng.random() < 0.3:  # hard-wrapped source lines (soft breaks)
            text = _wrap(text, self.rng.randint(60, 100))
        return text, words

    # -- article --------------------------------------------------------------------------------
    def article(self, target_words: int, index: int) -> str:
        r = self.rng
        out: list[str] = []
        words = 0
        if r.random() < 0.5:
            kind = r.choice(("article", "news", "blog", "reputable", "commercial"))
            out.append("---\n"
                       f"title: \"{self.fill('The {A} {N} of {D}')}\"\n"
                       f"date: {r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}\n"
                       f"author: {self.fill('{PERSON}')}\n"
                       + (f"claimcheck: {{kind: {kind}}}\n" if r.random() < 0.5 else "")
                       + "---\n")
        title = self.fill(r.choice(HEADINGS))
        out.append(f"# {title}\n")
        words += len(title.split())
        while words < target_words:
            roll = r.random()
            if roll < 0.16:
                heading = self.fill(r.choice(HEADINGS))
                out.append(f"{r.choice(('##', '##', '###'))} {heading}\n")
                words += len(heading.split())
            elif roll < 0.28:
                ordered = r.random() < 0.3
                items = []
                for n in range(r.randint(3, 6)):
                    item = self.sentence()
                    words += len(item.split())
                    if r.random() < 0.2:
                        label = self.fill("{A} {N}:")
                        words += len(label.split())
                        item = f"**{label}** {item}"
                    items.append(f"{n + 1}. {self.decorate(item)}" if ordered else f"- {self.decorate(item)}")
                out.append("\n".join(items) + "\n")
            elif roll < 0.31:
                quote = self.sentence()
                words += len(quote.split())
                out.append(f"> {self.decorate(quote)}\n")
            elif roll < 0.33:
                rows = ["| Group | Response | Side effect |", "|---|---|---|"]
                for _ in range(r.randint(2, 4)):
                    cells = [self.fill("{A} {N}"), self.fill("{PCT}"), self.fill("{S}")]
                    words += sum(len(c.split()) for c in cells)
                    rows.append("| " + " | ".join(cells) + " |")
                out.append("\n".join(rows) + "\n")
            elif roll < 0.345:  # not prose: skipped by the parser
                out.append("```\n" + self.fill("{W}") + "\n" + self.fill("{N} = {NUM}") + "\n```\n")
            elif roll < 0.355:
                out.append(f"<!-- {self.fill('{W}')} -->\n")
            else:
                text, count = self.paragraph(r.randint(2, 7))
                out.append(text + "\n")
                words += count
        if r.random() < 0.6:
            out.append(r.choice(DISCLAIMERS) + "\n")
        return "\n".join(out)

    def corpus(self, articles: int, words_per_article: int) -> list[tuple[str, str]]:
        result = []
        for index in range(articles):
            target = max(20, int(words_per_article * self.rng.uniform(0.8, 1.2)))
            result.append((f"article-{index + 1:04d}.md", self.article(target, index)))
        return result


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Measurement helpers
# ---------------------------------------------------------------------------------------------
def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def current_rss_mib() -> float | None:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def timed_passes(run: Callable[[], object], passes: int) -> list[dict[str, float]]:
    results = []
    for _ in range(passes):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        results.append({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu})
    return results


def best(results: list[dict[str, float]]) -> dict[str, float]:
    return min(results, key=lambda r: r["wall"])


def fmt_rate(value: float) -> str:
    return f"{value:>12,.0f} words/s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _git_revision() -> str | None:
    """The checkout's commit, with "+changes" if the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# A tiny stdlib-only launcher runs the CLI and reports the CLI's own rusage. Spawning the CLI
# straight from this (large) process would not do: on Linux a child created by fork/vfork and
# exec inherits the parent's RSS high-water mark, so its ru_maxrss would be this process's peak.
_LAUNCHER = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
elapsed = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as handle:
    json.dump({"seconds": elapsed, "maxrss": usage.ru_maxrss, "code": child.returncode}, handle)
"""


def run_cli(command: list[str], runs: int, cwd: str) -> dict[str, object]:
    """Run the CLI `runs` times: wall time of each run (process start to exit) and its peak RSS."""
    times: list[float] = []
    rss: list[float] = []
    codes: list[int] = []
    problem = None
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    for _ in range(runs):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
                tempfile.NamedTemporaryFile("r", suffix=".json") as result:
            subprocess.run([sys.executable, "-I", "-S", "-c", _LAUNCHER, result.name, *command],
                           stdout=out, stderr=err, cwd=cwd, check=True)
            measured = json.load(result)
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        times.append(measured["seconds"])
        rss.append(measured["maxrss"] / scale)
        codes.append(measured["code"])
        if measured["code"] not in (0, 1):
            problem = f"exit code {measured['code']}: {stderr.decode(errors='replace').strip()[-300:]}"
        else:
            try:
                json.loads(stdout)
            except ValueError:
                problem = "stdout is not JSON"
    return {"command": command, "runs": runs, "times_s": times, "median_s": statistics.median(times),
            "min_s": min(times), "exit_codes": codes, "peak_rss_mib": max(rss), "problem": problem}


def _proc_status_mib(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (RSS high-water mark of this address space only) from /proc, in MiB."""
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return found


def large_in_child(linter: object, text: str, prose_chars: int, timeout: float) -> dict[str, object]:
    """check_text on one huge text in a forked copy of this process (warm linter, its own memory
    figures), killed after `timeout` seconds (0 = no limit). In-process where there is no fork.

    The child reports as it goes (one JSON object per line), so an error before the retry, and
    the memory in use when it was stopped, survive a timeout."""

    def measure(send: Callable[[dict[str, object]], None]) -> None:
        nlp = linter.nlp
        gc.collect()
        send({"rss_before_mib": current_rss_mib()})
        start = time.perf_counter()
        try:
            report = linter.check_text(text, "large.md")
        except Exception as exc:  # report whatever the package raises
            send({"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}",
                  "error_after_s": time.perf_counter() - start, "max_length": nlp.max_length})
            saved, nlp.max_length = nlp.max_length, prose_chars + 1  # benchmark-side workaround
            start = time.perf_counter()
            try:
                report = linter.check_text(text, "large.md")
            finally:
                nlp.max_length = saved
        seconds = time.perf_counter() - start
        status = _proc_status_mib()
        send({"seconds": seconds, "findings": len(report.findings), "rss_after_mib": current_rss_mib(),
              "hwm_mib": status.get("VmHWM")})

    result: dict[str, object] = {}
    if not hasattr(os, "fork"):
        measure(result.update)
        return result
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: always answer, always exit
        os.close(read_end)
        with os.fdopen(write_end, "w") as pipe:
            def send(message: dict[str, object]) -> None:
                pipe.write(json.dumps(message) + "\n")
                pipe.flush()
            try:
                measure(send)
            except BaseException as exc:  # noqa: B036
                send({"fatal": f"{type(exc).__name__}: {exc}"})
        os._exit(0)
    os.close(write_end)
    import select

    buffer = b""
    deadline = time.perf_counter() + timeout if timeout > 0 else None
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.perf_counter())
        ready, _w, _x = select.select([read_end], [], [], wait)
        if not ready:
            status = _proc_status_mib(pid)
            os.kill(pid, 9)
            result.update({"timed_out": True, "rss_at_stop_mib": status.get("VmRSS"),
                           "hwm_at_stop_mib": status.get("VmHWM")})
            break
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            result.update(json.loads(line))
    os.close(read_end)
    os.waitpid(pid, 0)
    if "seconds" not in result and not result.get("timed_out") and "fatal" not in result:
        result["fatal"] = "the child exited without a result"
    return result


# ---------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=240, help="generated articles (default 240)")
    parser.add_argument("--words-per-article", type=int, default=700,
                        help="mean prose words per generated article, ±20%% (default 700)")
    parser.add_argument("--seed", type=int, default=20240611, help="corpus RNG seed (default 20240611)")
    parser.add_argument("--corpus", metavar="DIR", help="benchmark these files (*.md, *.txt …) instead")
    parser.add_argument("--keep-corpus", metavar="DIR", help="write the generated corpus to DIR")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per figure; best is kept (default 3)")
    parser.add_argument("--cli-runs", type=int, default=3, help="CLI subprocess runs (default 3; 0 skips)")
    parser.add_argument("--large-mb", type=float, default=2.0,
                        help="size of the large single article in MB (default 2; 0 skips)")
    parser.add_argument("--large-timeout", type=float, default=100.0,
                        help="give up on the large article after this many seconds (default 100; 0 = wait)")
    parser.add_argument("--profile", nargs="?", const=10, type=int, metavar="N",
                        help="also cProfile one check_text pass over the corpus; print the top N (default 10)")
    parser.add_argument("--profile-out", metavar="FILE", help="with --profile, save the raw pstats here")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    parser.add_argument("--ratio-runs", type=int, default=3,
                        help="runs per process in the process ratios (section 8; default 3, 0 skips)")
    parser.add_argument("--before", metavar="SRC",
                        help="in section 8, also measure an older claimcheck whose package is under SRC "
                             "(e.g. a `git archive` of an earlier commit), in the same run")
    parser.add_argument("--only-ratios", action="store_true", help="measure only the process ratios (section 8)")
    parser.add_argument("--peers", action="store_true",
                        help="in section 8, also compare with textlint + textlint-rule-prh (installed from npm "
                             "into the benchmark's temp folder)")
    args = parser.parse_args()

    revision = _git_revision()
    pinned = None
    all_cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        pinned = cpu

    # -- 5b. in-process import + load (first, before anything imports spaCy) -------------------
    assert "spacy" not in sys.modules
    t0 = time.perf_counter()
    from claimcheck.api import get_linter
    t1 = time.perf_counter()
    linter = get_linter()
    t2 = time.perf_counter()
    import_s, load_s = t1 - t0, t2 - t1

    import spacy

    import claimcheck
    from claimcheck.engine import prose_text
    from claimcheck.markup import parse
    from claimcheck.pipeline import annotate

    print("claimcheck benchmark")
    print(f"  claimcheck {claimcheck.__version__}{f' ({revision})' if revision else ''}, spaCy {spacy.__version__}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, CPU: {cpu_model()} ({os.cpu_count()} logical)")
    print(f"  single process, single core{f' (pinned to CPU {pinned})' if pinned is not None else ''}; "
          f"best of {args.passes} timed passes after one warm-up pass")

    # -- corpus ---------------------------------------------------------------------------------
    tmp = tempfile.TemporaryDirectory(prefix="claimcheck-bench-")
    t_gen = time.perf_counter()
    if args.corpus:
        root = Path(args.corpus)
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        if not files:
            print(f"bench: no Markdown or text files under {root}", file=sys.stderr)
            return 2
        corpus = [(str(p.relative_to(root)), p.read_text(encoding="utf-8", errors="replace")) for p in files]
        corpus_dir = root
        source = f"folder {root}"
    else:
        names = Names(_reference_folder())
        corpus = Generator(args.seed, names).corpus(args.articles, args.words_per_article)
        corpus_dir = Path(args.keep_corpus) if args.keep_corpus else Path(tmp.name) / "corpus"
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for name, text in corpus:
            (corpus_dir / name).write_text(text, encoding="utf-8")
        source = (f"generated, seed {args.seed}, {args.articles} articles x ~{args.words_per_article} words "
                  f"({len(names.drugs)} drug names, {len(names.brands)} brands, {len(names.cancers)} cancer "
                  f"names from reference/)")
    gen_s = time.perf_counter() - t_gen

    prose: list[tuple[str, list[tuple[int, int, str]]]] = []
    for name, text in corpus:
        joined, blocks, _placement = prose_text(parse(text, name))
        prose.append((joined, blocks))
    words = sum(len(joined.split()) for joined, _ in prose)
    chars = sum(len(text) for _, text in corpus)
    tokens = [t for joined, _ in prose for t in joined.split()]
    distinct = len(set(tokens))
    print(f"\nCorpus: {source}")
    print(f"  {len(corpus)} articles, {chars:,} source characters, {words:,} prose words "
          f"(mean {words / max(len(corpus), 1):,.0f}/article); {distinct:,} distinct whitespace tokens "
          f"({100 * distinct / max(words, 1):.1f}% of words); built in {gen_s:.1f} s")
    if words < 150_000 or len(corpus) < 200:
        print("  note: smaller than the reference corpus (>= 200 articles, >= 150,000 words)")
    del tokens

    def process_ratios() -> dict[str, object]:
        from ratios import run_ratios

        return run_ratios(_LAUNCHER, [corpus_dir / name for name, _text in corpus],
                          [len(joined.split()) for joined, _blocks in prose], (corpus_dir / corpus[0][0]).resolve(),
                          args.ratio_runs, args.peers, Path(tmp.name), all_cpus,
                          Path(args.before) if args.before else None)

    ratio_figures: dict[str, object] | None = None
    if args.ratio_runs > 0 and args.only_ratios:
        ratio_figures = process_ratios()
        if args.json:
            Path(args.json).write_text(json.dumps({"ratios": ratio_figures}, indent=2) + "\n", encoding="utf-8")
        tmp.cleanup()
        return 0

    nlp = linter.nlp

    def pass_check() -> None:
        for name, text in corpus:
            linter.check_text(text, name)

    def pass_markup() -> None:
        for name, text in corpus:
            prose_text(parse(text, name))

    def pass_pipeline() -> None:
        for joined, blocks in prose:
            annotate(nlp, joined, blocks)

    blank = spacy.blank("en")
    make_doc = blank.make_doc

    def pass_tokenizer() -> None:
        for joined, _blocks in prose:
            make_doc(joined)

    # -- warm-up (fills the tokenizer caches, vocab and lazily built state) ---------------------
    t_warm = time.perf_counter()
    findings = sum(len(linter.check_text(text, name).findings) for name, text in corpus)
    warm_s = time.perf_counter() - t_warm
    pass_tokenizer()
    print(f"  warm-up check_text pass: {warm_s:.1f} s, {findings:,} findings")

    pipeline = timed_passes(pass_pipeline, args.passes)
    check = timed_passes(pass_check, args.passes)
    tokenizer = timed_passes(pass_tokenizer, args.passes)
    markup = timed_passes(pass_markup, args.passes)
    # One instrumented pass: where the pipeline's time goes (make_doc, then each component).
    components: dict[str, float] = {"make_doc (tokenizer)": 0.0}
    components.update({name: 0.0 for name in nlp.pipe_names})
    gc.collect()
    clock = time.perf_counter
    for joined, blocks in prose:
        t = clock()
        doc = nlp.make_doc(joined)
        components["make_doc (tokenizer)"] += clock() - t
        doc._.cc_blocks = blocks
        for name, component in nlp.pipeline:
            t = clock()
            doc = component(doc)
            components[name] += clock() - t
    del doc
    cold_nlp = spacy.blank("en")  # for reference only: empty tokenizer cache and vocab
    gc.collect()
    start = time.perf_counter()
    for joined, _blocks in prose:
        cold_nlp.make_doc(joined)
    cold_s = time.perf_counter() - start
    del cold_nlp
    wps_cold = words / cold_s
    wps_pipeline = words / best(pipeline)["wall"]
    wps_check = words / best(check)["wall"]
    wps_tokenizer = words / best(tokenizer)["wall"]
    ratio_pipeline = wps_tokenizer / wps_pipeline
    ratio_check = wps_tokenizer / wps_check
    peak_after_corpus = peak_rss_mib()

    def show(label: str, results: list[dict[str, float]], rate: float) -> None:
        passes = ", ".join(f"{r['wall']:.2f}" for r in results)
        b = best(results)
        print(f"  {label:<44}{fmt_rate(rate)}   best {b['wall']:.2f} s wall / {b['cpu']:.2f} s CPU "
              f"(passes: {passes} s)")

    print(f"\nThroughput, steady state ({words:,} prose words per pass, words = whitespace tokens of prose text)")
    show("1. spaCy pipeline only (pipeline.annotate)", pipeline, wps_pipeline)
    show("2. full check (Linter.check_text)", check, wps_check)
    show('3. bare tokenizer (spacy.blank("en").make_doc)', tokenizer, wps_tokenizer)
    print("     (tokenizer caches are warm for 1, 2 and 3: the same texts were tokenized in the warm-up)")
    wall_markup, wall_pipeline, wall_check = best(markup)["wall"], best(pipeline)["wall"], best(check)["wall"]
    rest = wall_check - wall_markup - wall_pipeline
    print(f"     where the full check's time goes (best passes): markup parse + prose_text {wall_markup:.2f} s "
          f"({100 * wall_markup / wall_check:.0f}%), pipeline {wall_pipeline:.2f} s "
          f"({100 * wall_pipeline / wall_check:.0f}%), rules + findings (the rest) {rest:.2f} s "
          f"({100 * rest / wall_check:.0f}%)")
    total_components = sum(components.values())
    print("     pipeline by component (one instrumented pass): " + ", ".join(
        f"{name} {seconds:.2f} s ({100 * seconds / total_components:.0f}%)" for name, seconds in components.items()))
    print(f"     for reference, one pass on a fresh spacy.blank(\"en\") (cold cache and vocab): {fmt_rate(wps_cold).strip()}")
    print("  4. ratio bare tokenizer / pipeline        "
          f"{ratio_pipeline:6.2f}x   (target <= {TARGET_MAX_TOKENIZER_RATIO:g}x: "
          f"{verdict(ratio_pipeline <= TARGET_MAX_TOKENIZER_RATIO)})")
    print("     ratio bare tokenizer / full check      "
          f"{ratio_check:6.2f}x   (target <= {TARGET_MAX_TOKENIZER_RATIO:g}x: "
          f"{verdict(ratio_check <= TARGET_MAX_TOKENIZER_RATIO)})")
    print(f"     pipeline per core vs target {TARGET_WORDS_PER_SECOND:,} words/s: {verdict(wps_pipeline >= TARGET_WORDS_PER_SECOND)}"
          f" ({100 * wps_pipeline / TARGET_WORDS_PER_SECOND:.0f}% of target); "
          f"full check: {verdict(wps_check >= TARGET_WORDS_PER_SECOND)} "
          f"({100 * wps_check / TARGET_WORDS_PER_SECOND:.0f}%)")

    # -- 5. CLI -------------------------------------------------------------------------------
    cli_results: list[dict[str, object]] = []
    cli_article = (corpus_dir / corpus[0][0]).resolve()
    if args.cli_runs > 0:
        import shutil

        # --no-cache: an answer from the result cache would not measure linting (section 8 times that)
        commands = [[sys.executable, "-m", "claimcheck", "check", str(cli_article), "--format", "json", "--no-cache"]]
        script = shutil.which("claimcheck")
        if script:
            commands.append([script, "check", str(cli_article), "--format", "json", "--no-cache"])
        print(f"\n5. one article end-to-end through the CLI ({cli_article.name}, "
              f"{len(prose[0][0].split()):,} prose words), {args.cli_runs} run{'s' if args.cli_runs != 1 else ''} "
              "each, wall time from process start to exit")
        for command in commands:
            result = run_cli(command, args.cli_runs, str(cli_article.parent))
            cli_results.append(result)
            shown = ("python -m claimcheck" if command[0] == sys.executable else "claimcheck") + \
                " check <article> --format json --no-cache"
            times = ", ".join(f"{t:.2f}" for t in result["times_s"])
            print(f"  {shown:<52} median {result['median_s']:.2f} s, min {result['min_s']:.2f} s "
                  f"(runs: {times} s; exit {result['exit_codes']}) "
                  f"target <= {TARGET_CLI_SECONDS} s: "
                  f"{'ERROR' if result['problem'] else verdict(result['median_s'] <= TARGET_CLI_SECONDS)}")
            if result["problem"]:
                print(f"    problem: {result['problem']}")
        if not script:
            print("  (`claimcheck` console script not on PATH; skipped)")
    if args.cli_runs <= 0:
        print("\n5. CLI runs skipped (--cli-runs 0)")
    print(f"  in-process import + load: {import_s + load_s:.2f} s "
          f"(import claimcheck.api {import_s:.2f} s + get_linter() {load_s:.2f} s)")

    # -- 6. memory --------------------------------------------------------------------------------
    peak_children = peak_rss_mib(resource.RUSAGE_CHILDREN)
    cli_peak = max((r["peak_rss_mib"] for r in cli_results), default=None)
    print("\n6. peak RSS (ru_maxrss)")
    print(f"  this process (RUSAGE_SELF) after the corpus runs: {peak_after_corpus:.0f} MiB "
          "(the large article below runs in a forked child with its own figures)")
    if cli_peak is not None:
        print(f"  CLI process, one article: {cli_peak:.0f} MiB (its own ru_maxrss, from wait4 in a small launcher)")
    print(f"  RUSAGE_CHILDREN of this process: {peak_children:.0f} MiB; not the CLI's own figure: a child "
          "forked from this process inherits its RSS high-water mark")

    # -- 7. one large article -------------------------------------------------------------------
    large: dict[str, object] | None = None
    if args.large_mb > 0:
        target_chars = int(args.large_mb * 1_000_000)
        if args.corpus:
            pieces, size, i = [], 0, 0
            while size < target_chars:
                text = corpus[i % len(corpus)][1]
                pieces.append(text)
                size += len(text) + 2
                i += 1
        else:
            big_gen = Generator(args.seed + 1, names)
            pieces, size = [], 0
            while size < target_chars:
                text = big_gen.article(args.words_per_article, 0)
                text = text.split("---\n", 2)[2] if text.startswith("---\n") else text  # one front matter only
                pieces.append(text)
                size += len(text) + 2
        big = "\n\n".join(pieces)
        big_joined, _b, _p = prose_text(parse(big, "large.md"))
        big_words, big_prose_chars = len(big_joined.split()), len(big_joined)
        # Scaling probe: the first eighth of the same text, to compare words/s against size.
        small, size = [], 0
        for piece in pieces:
            if size >= len(big) / 8:
                break
            small.append(piece)
            size += len(piece) + 2
        small_text = "\n\n".join(small)
        small_words = len(prose_text(parse(small_text, "small.md"))[0].split())
        del big_joined, _b, _p
        gc.collect()
        start = time.perf_counter()
        linter.check_text(small_text, "small.md")
        small_s = time.perf_counter() - start
        print(f"\n7. one large article: {len(big.encode()) / 1e6:.2f} MB, {len(big):,} characters, "
              f"{big_words:,} prose words (prose text {big_prose_chars:,} characters); "
              f"run in a forked copy of this process, time limit "
              f"{f'{args.large_timeout:g} s' if args.large_timeout > 0 else 'none'}")
        print(f"  scaling probe (in process): the first {len(small_text.encode()) / 1e6:.2f} MB, {small_words:,} "
              f"words: {small_s:.2f} s = {fmt_rate(small_words / small_s).strip()} "
              f"(corpus articles: {fmt_rate(wps_check).strip()})")
        large = {"chars": len(big), "bytes": len(big.encode()), "prose_chars": big_prose_chars, "words": big_words,
                 "timeout_s": args.large_timeout,
                 "probe": {"chars": len(small_text), "words": small_words, "seconds": small_s,
                           "words_per_s": small_words / small_s}}
        large.update(large_in_child(linter, big, big_prose_chars, args.large_timeout))
        if "error" in large:
            print(f"  check_text FAILED after {large['error_after_s']:.2f} s: {large['error']}")
            print(f"  (nlp.max_length is {large['max_length']:,} characters, the prose text {big_prose_chars:,}); "
                  "retried with nlp.max_length raised in the child only (a benchmark-side workaround)")
        if large.get("timed_out"):
            print(f"  check_text did NOT finish within {args.large_timeout:g} s: under "
                  f"{fmt_rate(big_words / args.large_timeout).strip()} (use --large-timeout 0 to wait for it)")
            exponent = math.log(args.large_timeout / small_s) / math.log(big_words / small_words)
            print(f"  so time grows at least as words^{exponent:.2f} between the probe and the full text "
                  "(1.00 = linear)")
            large["time_exponent_at_least"] = exponent
            if large.get("rss_before_mib") is not None and large.get("hwm_at_stop_mib") is not None:
                print(f"  memory when stopped: RSS {large['rss_before_mib']:.0f} MiB before -> "
                      f"{large['rss_at_stop_mib']:.0f} MiB; peak (VmHWM) so far {large['hwm_at_stop_mib']:.0f} MiB "
                      f"(+{large['hwm_at_stop_mib'] - large['rss_before_mib']:.0f} MiB)")
        elif "fatal" in large:
            print(f"  check_text failed in the child: {large['fatal']}")
        else:
            big_s = large["seconds"]
            large["words_per_s"] = big_words / big_s
            exponent = math.log(big_s / small_s) / math.log(big_words / small_words)
            large["time_exponent"] = exponent
            print(f"  check_text {big_s:.2f} s = {fmt_rate(big_words / big_s).strip()} (one run), "
                  f"{large['findings']:,} findings; time grows as words^{exponent:.2f} from the probe "
                  "(1.00 = linear)")
            if large.get("rss_before_mib") is not None:
                print(f"  RSS {large['rss_before_mib']:.0f} MiB before -> {large['rss_after_mib']:.0f} MiB after "
                      f"(+{large['rss_after_mib'] - large['rss_before_mib']:.0f} MiB retained); peak (VmHWM) "
                      f"{large['hwm_mib']:.0f} MiB (+{large['hwm_mib'] - large['rss_before_mib']:.0f} MiB "
                      "over the RSS before)")
        del big

    # -- optional profile -------------------------------------------------------------------------
    profile_rows: list[dict[str, object]] = []
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        pass_check()
        profiler.disable()
        stats = pstats.Stats(profiler)
        if args.profile_out:
            stats.dump_stats(args.profile_out)
        for order in ("cumulative", "tottime"):
            print(f"\ncProfile of one check_text pass over the corpus, top {args.profile} by {order}:")
            stats.sort_stats(order).print_stats(args.profile)
        for (file, line, func), (_cc, nc, tt, ct, _callers) in sorted(
                stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:args.profile]:
            profile_rows.append({"function": f"{file}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct})

    if args.ratio_runs > 0:
        ratio_figures = process_ratios()

    peak_final = peak_rss_mib()
    if args.json:
        figures = {
            "environment": {"claimcheck": claimcheck.__version__, "revision": revision, "spacy": spacy.__version__,
                            "python": platform.python_version(), "platform": platform.platform(),
                            "cpu": cpu_model(), "logical_cpus": os.cpu_count(), "pinned_cpu": pinned,
                            "single_process": True},
            "corpus": {"source": source, "articles": len(corpus), "chars": chars, "words": words,
                       "distinct_tokens": distinct, "seed": None if args.corpus else args.seed},
            "passes": args.passes,
            "pipeline": {"words_per_s": wps_pipeline, "passes": pipeline},
            "check_text": {"words_per_s": wps_check, "passes": check},
            "markup": {"seconds": wall_markup, "passes": markup},
            "rules_and_findings_seconds": rest,
            "pipeline_components_seconds": components,
            "bare_tokenizer": {"words_per_s": wps_tokenizer, "passes": tokenizer, "cache": "warm",
                               "cold_first_pass_words_per_s": wps_cold},
            "ratio_tokenizer_over_pipeline": ratio_pipeline,
            "ratio_tokenizer_over_check": ratio_check,
            "cli": cli_results,
            "import_s": import_s, "load_s": load_s, "import_and_load_s": import_s + load_s,
            "peak_rss_mib": {"after_corpus": peak_after_corpus, "final": peak_final, "cli_process": cli_peak,
                             "rusage_children": peak_children},
            "large_article": large,
            "profile_top_tottime": profile_rows,
            "process_ratios": ratio_figures,
            "targets": {
                "words_per_s": TARGET_WORDS_PER_SECOND,
                "max_tokenizer_ratio": TARGET_MAX_TOKENIZER_RATIO,
                "cli_seconds": TARGET_CLI_SECONDS,
                "pipeline_words_per_s_met": wps_pipeline >= TARGET_WORDS_PER_SECOND,
                "check_words_per_s_met": wps_check >= TARGET_WORDS_PER_SECOND,
                "pipeline_ratio_met": ratio_pipeline <= TARGET_MAX_TOKENIZER_RATIO,
                "check_ratio_met": ratio_check <= TARGET_MAX_TOKENIZER_RATIO,
                "cli_met": all(r["median_s"] <= TARGET_CLI_SECONDS and not r["problem"] for r in cli_results)
                if cli_results else None,
            },
        }
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
