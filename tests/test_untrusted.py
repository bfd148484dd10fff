"""Running on a pull request: every CLI path works with the network disabled, and writes only what it is told to."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SITECUSTOMIZE = '''
import os, socket
_LOG = os.environ["CC_TEST_NETWORK_LOG"]
with open(os.environ["CC_TEST_LOADED"], "w") as marker:
    marker.write("loaded")

def _blocked(*args, **kwargs):
    with open(_LOG, "a") as log:
        log.write(repr(args[:2]) + "\\n")
    raise OSError("network access is disabled in this test")

# Reaching any host needs a name lookup, a connect or a send; a socket made and closed (urllib3 probes
# IPv6 support that way when spaCy imports it) reaches nothing.
for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, _blocked)
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, name, _blocked)
'''

# Every command the CLI has, run in one process (one spaCy import) with the network disabled.
RUNNER = '''
import json, sys
from claimcheck.cli import main
codes = []
for args in json.loads(sys.argv[1]):
    try:
        main(args, prog_name="claimcheck")
    except SystemExit as exc:
        codes.append(exc.code or 0)
    else:
        codes.append(0)
print("\\nCODES=" + json.dumps(codes))
'''

USER_RULE = textwrap.dedent("""\
    kind: phrase
    severity: warning
    message: "'{match}': house style."
    description: A house rule proposed in a pull request.
    sources: ["https://example.org/house-style"]
    phrases: [wonder drug]
    examples:
      fail: ["This wonder drug helps."]
      pass: ["This drug helps some patients."]
    """)


def _snapshot(*folders: Path) -> dict[str, str]:
    files = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def test_every_cli_path_runs_offline_and_writes_only_the_named_outputs(tmp_path: Path) -> None:
    work, home, guard = tmp_path / "work", tmp_path / "home", tmp_path / "guard"
    for folder in (work, home, guard):
        folder.mkdir()
    shutil.copytree(ROOT / "samples", work / "content")
    (work / "house" / "hype").mkdir(parents=True)
    (work / "house" / "hype" / "wonder.yaml").write_text(USER_RULE, encoding="utf-8")
    (work / ".claimcheck.yaml").write_text("fail_on: warning\ntimeout: 120\n", encoding="utf-8")
    (work / "mine.md").write_text("Our wonder drug helps some patients; ask your doctor.\n", encoding="utf-8")
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    sample = "content/overclaim-clinic-page.md"
    commands = [
        ["check", "content"],
        ["check", "content", "--format", "json", "--output", "report.json"],
        ["check", "content", "--format", "sarif", "--output", "report.sarif"],
        ["check", "content", "--format", "junit", "--output", "report.xml"],
        ["check", "content", "--format", "github"],
        ["check", "content", "--write-baseline", "baseline.json"],
        ["check", "content", "--baseline", "baseline.json"],
        ["check", "mine.md", "--rules", "house", "--select", "hype", "--format", "json", "--output", "mine.json"],
        ["rules"], ["rules", "--format", "json"], ["explain", "overclaim.cure"],
        ["claims", sample], ["claims", sample, "--format", "json"],
        ["reference", "show", "pembrolizumab"], ["reference", "validate"],
        ["config", sample],
    ]
    watched = (tmp_path, ROOT / "claimcheck", ROOT / "rules", ROOT / "reference", ROOT / "samples")
    before = _snapshot(*watched)
    env = {**os.environ, "PYTHONPATH": str(guard), "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(home),
           "XDG_CACHE_HOME": str(home / ".cache"), "TMPDIR": str(home),
           "CC_TEST_NETWORK_LOG": str(guard / "network.log"), "CC_TEST_LOADED": str(guard / "loaded")}
    result = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(commands)], cwd=work, env=env,
                            capture_output=True, text=True, timeout=600)
    assert (guard / "loaded").read_text() == "loaded"  # the socket guard really was in place
    assert not (guard / "network.log").exists(), (guard / "network.log").read_text()
    codes = json.loads(result.stdout.rsplit("CODES=", 1)[1])
    assert codes == [1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], result.stderr  # the baseline hides all
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    after = _snapshot(*watched)
    after.pop(str(guard / "loaded"))
    changed = sorted(Path(p).relative_to(tmp_path).as_posix() for p in set(after) ^ set(before)
                     | {p for p in before if after.get(p) != before[p]})
    assert changed == ["work/baseline.json", "work/mine.json", "work/report.json", "work/report.sarif",
                       "work/report.xml"]
    mine = json.loads((work / "mine.json").read_text(encoding="utf-8"))
    assert "hype.wonder" in [f["rule"] for f in mine["files"][0]["findings"]]  # the proposed rule ran
