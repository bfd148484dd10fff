"""A spaCy tokenizer from the compiled-data cache that adds its special cases when a text needs them.

Unpickling a `spacy.tokenizer.Tokenizer` rebuilds its ~1,350 special cases (English contractions,
abbreviations, emoticons) one `add_special_case` at a time: about 0.1 s of CPU, a tenth of
`import spacy` and the largest part of a one-article run's start after it. One article needs a few
dozen of them. A special case can change how a text is tokenized only if its string, or every
token of its own affix tokenization (what the tokenizer's special-case matcher looks for), is a
substring of that text: the tokenizer looks special cases up by the hash of a substring of the
text, and the matcher matches the text's own tokens. So before each text `LazyTokenizer` adds the
pending special cases whose characters and pieces all occur in it, which gives the same tokens as
adding all of them first. After `_BUDGET` characters of texts (the check costs about 0.6 µs per
character) the rest are added at once, as a corpus run needs most of them anyway.

Anything else that reads or changes the special cases (`rules`, `add_special_case`, `explain`,
serialisation, the affix settings) adds every pending case first.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokenizer import Tokenizer

_BUDGET = 50_000  # characters of text checked case by case before the rest are added at once


def _pieces(substrings: Any) -> tuple[str, ...]:
    return tuple(str(spec.get(65, spec.get("ORTH", ""))) if isinstance(spec, Mapping) else "" for spec in substrings)


class LazyTokenizer(Tokenizer):
    """`Tokenizer` whose special cases are added when a text holds them (see the module's docstring)."""

    def __init__(self, vocab: Any, rules: Mapping[str, Any] | None = None, prefix_search: Any = None,
                 suffix_search: Any = None, infix_finditer: Any = None, token_match: Any = None,
                 url_match: Any = None, pieces: Mapping[str, tuple[str, ...]] | None = None) -> None:
        """`pieces`: for each special case in the tokenizer's special-case matcher, its tokens
        there (`matcher_pieces`; computed here when not given)."""
        super().__init__(vocab, None, prefix_search, suffix_search, infix_finditer, token_match, url_match)
        self._pending: dict[str, Any] = dict(rules or {})
        self._pieces = dict(matcher_pieces(self, self._pending) if pieces is None else pieces)
        # A case can matter only if the text holds every character of its string (checked first,
        # on the text's set of characters), then its string or all its matcher pieces.
        self._needs = [(chunk, frozenset(chunk)) for chunk in sorted(self._pending)]
        self._budget = _BUDGET

    def __reduce__(self) -> tuple[Any, ...]:
        rules = {**Tokenizer.rules.__get__(self), **self._pending}
        return (type(self), (self.vocab, rules, self.prefix_search, self.suffix_search, self.infix_finditer,
                             self.token_match, self.url_match, self._pieces), None, None)

    def __call__(self, string: str) -> Any:
        if self._pending:
            self._add_for(string)
        return Tokenizer.__call__(self, string)

    def _add_for(self, text: str) -> None:
        self._budget -= len(text)
        if self._budget < 0:
            self.load_all()
            return
        chars = set(text)
        pending = self._pending
        pieces = self._pieces
        wanted = [chunk for chunk, needs in self._needs if needs <= chars and chunk in pending and
                  (chunk in text or (chunk in pieces and all(piece in text for piece in pieces[chunk])))]
        for chunk in wanted:  # in sorted order, as Tokenizer's own loading adds them
            Tokenizer.add_special_case(self, chunk, pending.pop(chunk))
        if wanted:
            self._needs = [item for item in self._needs if item[0] in pending]

    def load_all(self) -> None:
        """Add every pending special case (in sorted order)."""
        pending, self._pending, self._needs = self._pending, {}, []
        for chunk in sorted(pending):
            Tokenizer.add_special_case(self, chunk, pending[chunk])

    # -- everything else sees every special case --------------------------------------------------
    def add_special_case(self, string: str, substrings: Any) -> None:
        self.load_all()
        Tokenizer.add_special_case(self, string, substrings)

    def explain(self, text: str) -> Any:
        self.load_all()
        return Tokenizer.explain(self, text)

    def to_bytes(self, **kwargs: Any) -> Any:
        self.load_all()
        return Tokenizer.to_bytes(self, **kwargs)

    def to_disk(self, path: Any, **kwargs: Any) -> Any:
        self.load_all()
        return Tokenizer.to_disk(self, path, **kwargs)

    def from_bytes(self, bytes_data: Any, **kwargs: Any) -> Any:
        self.load_all()
        return Tokenizer.from_bytes(self, bytes_data, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> Any:
        self.load_all()
        return Tokenizer.from_disk(self, path, **kwargs)


def _passing_property(name: str) -> property:
    base = getattr(Tokenizer, name)

    def get(self: LazyTokenizer) -> Any:
        if name == "rules":
            self.load_all()
        return base.__get__(self, Tokenizer)

    def put(self: LazyTokenizer, value: Any) -> None:
        if getattr(self, "_pending", None):
            self.load_all()
        base.__set__(self, value)

    return property(get, put)


for _name in ("rules", "token_match", "url_match", "prefix_search", "suffix_search", "infix_finditer",
              "faster_heuristics"):
    setattr(LazyTokenizer, _name, _passing_property(_name))


def matcher_pieces(tokenizer: Tokenizer, rules: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """For each special case that `add_special_case` would also put in the special-case matcher of
    a tokenizer with `tokenizer`'s affix rules and the default faster heuristics (a case with an
    affix or a space), the tokens it is matched as there: its tokenization by the affix rules alone."""
    plain = Tokenizer(tokenizer.vocab, None, tokenizer.prefix_search, tokenizer.suffix_search,
                      tokenizer.infix_finditer, tokenizer.token_match, tokenizer.url_match)
    return {chunk: tuple(token.text for token in plain(chunk)) for chunk in rules
            if not plain.faster_heuristics or " " in chunk or tokenizer.find_prefix(chunk)
            or tokenizer.find_infix(chunk) or tokenizer.find_suffix(chunk)}


def lazy_reduce(tokenizer: Tokenizer) -> tuple[Any, ...]:
    """How the compiled-data pickle stores a stock `Tokenizer`: the arguments of its own
    `__reduce__` (which leaves the faster heuristics and cache size at their defaults, as here),
    rebuilt as a `LazyTokenizer`, with the matcher pieces worked out now rather than at each load."""
    _cls, args, *_rest = tokenizer.__reduce__()
    return (LazyTokenizer, (*args, matcher_pieces(tokenizer, args[1] or {})), None, None)
