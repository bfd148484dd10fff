"""Pickling compiled regexes with their compiled code, so loading the compiled-data cache does not
run Python's regex compiler again.

`pickle` stores an `re.Pattern` as its source text and flags, and loading it compiles it anew: for
the ~110 patterns of the rules, lexicon and spaCy's tokenizer (whose prefix, suffix and infix
patterns are large) that is about 0.15 s of every run's start. `dumps` stores each pattern with
the code the regex compiler made of it; loading hands that code straight to `_sre.compile` (what
`re.compile` does last). The code is used only by the interpreter that made it (same `sys.version`
and `_sre.MAGIC`) and only if it gives a pattern equal to `re.compile`'s; otherwise the source is
compiled as usual.
"""
from __future__ import annotations

import io
import pickle
import re
import sys
from typing import Any

try:  # CPython's regex internals (Python 3.11+: re._compiler / re._parser)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another implementation: patterns pickle as usual
    _sre = None  # type: ignore[assignment]

_STAMP = (sys.version, getattr(_sre, "MAGIC", None))


def load_pattern(pattern: str | bytes, flags: int, stamp: tuple[str, Any], compiled: tuple[Any, ...] | None) -> re.Pattern[Any]:
    """A pattern from `dumps`: from its stored code when this interpreter made it, else compiled."""
    if compiled is not None and stamp == _STAMP and _sre is not None:
        try:
            return _sre.compile(*compiled)
        except Exception:  # noqa: BLE001 - unusable code: compile the source instead
            pass
    return re.compile(pattern, flags)


def _compiled_form(pattern: re.Pattern[Any]) -> tuple[Any, ...] | None:
    """The arguments `re.compile` gives `_sre.compile` for this pattern, or None if they do not
    reproduce it exactly."""
    if _sre is None:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        code = [int(op) for op in _compiler._code(parsed, pattern.flags)]  # named constants to ints
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        form = (pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
        rebuilt = _sre.compile(*form)
    except Exception:  # noqa: BLE001 - internals changed: keep the plain pickle form
        return None
    return form if rebuilt == pattern and rebuilt.groupindex == pattern.groupindex else None


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._forms: dict[tuple[Any, int], tuple[Any, ...] | None] = {}

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is not re.Pattern:
            if kind.__name__ == "Tokenizer" and kind.__module__ == "spacy.tokenizer":
                from claimcheck.lazytokenizer import lazy_reduce  # imports spaCy, as the object is spaCy's

                return lazy_reduce(obj)
            return NotImplemented
        key = (obj.pattern, obj.flags)
        if key not in self._forms:
            self._forms[key] = _compiled_form(obj)
        return load_pattern, (obj.pattern, obj.flags, _STAMP, self._forms[key])


def dumps(value: Any) -> bytes:
    """`pickle.dumps(value)`, with every compiled regex in it stored with its compiled code, and
    spaCy's stock tokenizer stored as a `claimcheck.lazytokenizer.LazyTokenizer` (the same tokens,
    its special cases added when a text needs them)."""
    buffer = io.BytesIO()
    _Pickler(buffer).dump(value)
    return buffer.getvalue()
