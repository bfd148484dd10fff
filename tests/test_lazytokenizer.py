"""The compiled-data pickle's tokenizer adds special cases as texts need them, with the same tokens."""
from __future__ import annotations

import pickle
import random

import pytest
import spacy

from claimcheck import lazytokenizer, regexpickle
from claimcheck.lazytokenizer import LazyTokenizer, matcher_pieces


def signature(doc):  # type: ignore[no-untyped-def]
    return [(t.text, t.idx, t.whitespace_, t.norm_, t.lower_, t.shape_, t.is_stop, t.like_num) for t in doc]


@pytest.fixture(scope="module")
def eager():  # type: ignore[no-untyped-def]
    tokenizer = spacy.blank("en").tokenizer
    tokenizer.add_special_case("CAR-T.", [{"ORTH": "CAR"}, {"ORTH": "-"}, {"ORTH": "T"}, {"ORTH": "."}])
    return tokenizer


def fresh(eager):  # type: ignore[no-untyped-def]
    lazy = pickle.loads(regexpickle.dumps(eager))
    assert type(lazy) is LazyTokenizer
    return lazy


def texts(eager) -> list[str]:  # type: ignore[no-untyped-def]
    keys = sorted(eager.rules)
    rnd = random.Random(7)
    seps = ["", " ", "\n", "(", ")", ".", "'", '"', "-"]
    mixed = ["".join(p + rnd.choice(seps) for p in rnd.sample(keys, 8)) for _ in range(150)]
    # a special case's matcher pieces apart, next to other cases: the matcher may match across spaces
    spread = [" x ".join(pieces) + " " + chunk for chunk, pieces in matcher_pieces(eager, eager.rules).items()]
    prose = ["Don't stop: it's 5 p.m. on Mar. 3rd, said Dr. O'Neil :) (they'd've) CAR-T. cells ain't U.S.-made.",
             "We'll see... 'cause ya know, e.g. the U.K. and the N.H.S. won't. :-) <3 ^_^ o.O"]
    return prose + mixed[:60] + spread[:120] + mixed[60:]


def test_each_text_tokenizes_as_with_every_special_case_loaded(eager) -> None:  # type: ignore[no-untyped-def]
    for text in texts(eager):
        assert signature(fresh(eager)(text)) == signature(eager(text)), text


def test_a_sequence_of_texts_tokenizes_as_with_every_case_loaded(eager, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lazytokenizer, "_BUDGET", 10**9)
    lazy = fresh(eager)
    for text in texts(eager)[:80]:
        assert signature(lazy(text)) == signature(eager(text)), text
    assert lazy._pending  # still lazy: not every case was needed


def test_only_the_cases_a_text_holds_are_added(eager) -> None:  # type: ignore[no-untyped-def]
    lazy = fresh(eager)
    lazy("It's fine.")
    loaded = set(eager.rules) - set(lazy._pending)
    assert "It's" in loaded or "'s" in loaded
    assert "Don't" not in loaded and len(loaded) < 100


def test_past_the_budget_every_case_is_added(eager, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lazytokenizer, "_BUDGET", 10)
    lazy = fresh(eager)
    assert signature(lazy("A longer text than ten characters.")) == signature(eager("A longer text than ten characters."))
    assert not lazy._pending


def test_reading_or_changing_the_rules_sees_every_case(eager) -> None:  # type: ignore[no-untyped-def]
    stock = pickle.loads(pickle.dumps(eager))
    lazy = fresh(eager)
    assert lazy.rules == stock.rules and list(lazy.rules) == list(stock.rules)
    lazy = fresh(eager)
    lazy.add_special_case("Don't", [{"ORTH": "Don"}, {"ORTH": "'t"}])
    assert [t.text for t in lazy("Don't")] == ["Don", "'t"]  # the new case wins over the pending one
    assert lazy.explain("don't") == eager.explain("don't")


def test_a_lazy_tokenizer_pickles_with_its_pending_cases(eager) -> None:  # type: ignore[no-untyped-def]
    lazy = fresh(eager)
    lazy("It's fine.")
    again = pickle.loads(pickle.dumps(lazy))
    assert type(again) is LazyTokenizer and len(again._pending) == len(eager.rules)
    text = texts(eager)[0]
    assert signature(again(text)) == signature(eager(text))
