"""The spaCy pipeline: `spacy.blank("en")` plus claimcheck's registered components."""
from __future__ import annotations

import functools

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

# Importing the modules registers the factories with spaCy.
from claimcheck.pipeline import claims, classes, context, entities, sentences, triples  # noqa: F401
from claimcheck.pipeline.extensions import RELATIONS_KEY, register_extensions

COMPONENTS = ("cc_sentences", "cc_entities", "cc_classes", "cc_context", "cc_claims", "cc_triples")
MAX_DOC_CHARS = 200_000_000

# spaCy keeps a capital letter and a full stop together ("T.", as in an initial), which hides
# "CAR-T" and the sentence end in "… called CAR-T." Split the therapy names explicitly.
_TOKENIZER_SPECIAL_CASES = {
    "CAR-T.": ("CAR", "-", "T", "."),
    "TCR-T.": ("TCR", "-", "T", "."),
    "CAR-Ts.": ("CAR", "-", "Ts", "."),
}


def build_pipeline(reference_paths: tuple[str, ...] = (), context_path: str | None = None,
                   base_model: str | None = None) -> Language:
    """A blank English pipeline (or a user's installed one) with claimcheck's components added."""
    register_extensions()
    if base_model:
        try:
            # Our segmenter replaces rule-based ones (it knows block boundaries); a parser is kept.
            nlp = spacy.load(base_model, exclude=["senter", "sentencizer"])
        except OSError as exc:
            from claimcheck.errors import ConfigError

            raise ConfigError(f"cannot load spaCy pipeline {base_model!r}: {exc}") from None
    else:
        nlp = spacy.blank("en")
        # No parser or NER here, so spaCy's 1M-character guard does not apply; input size is
        # bounded by --max-size (default 10 MiB) before a file is read.
        nlp.max_length = MAX_DOC_CHARS
    for chunk, pieces in _TOKENIZER_SPECIAL_CASES.items():
        nlp.tokenizer.add_special_case(chunk, [{ORTH: piece} for piece in pieces])
    if "parser" not in nlp.pipe_names:
        nlp.add_pipe("cc_sentences", first=True)
    nlp.add_pipe("cc_entities", config={"reference_paths": list(reference_paths), "context_path": context_path})
    nlp.add_pipe("cc_classes")
    nlp.add_pipe("cc_context", config={"context_path": context_path})
    nlp.add_pipe("cc_claims", config={"context_path": context_path})
    nlp.add_pipe("cc_triples", config={"reference_paths": list(reference_paths)})
    return nlp


@functools.lru_cache(maxsize=4)
def cached_pipeline(reference_paths: tuple[str, ...] = (), context_path: str | None = None,
                    base_model: str | None = None) -> Language:
    return build_pipeline(reference_paths, context_path, base_model)


def annotate(nlp: Language, text: str, blocks: list[tuple[int, int, str]],
             relations: frozenset[str] | None = None) -> Doc:
    """Run the pipeline on prose text whose blocks (start, end, kind) are known. `relations`: the
    claim-triple relations to find (None: every one, as `claimcheck claims` shows them)."""
    doc = nlp.make_doc(text)
    doc.user_data["cc_text"] = text
    if relations is not None:
        doc.user_data[RELATIONS_KEY] = relations
    doc._.cc_blocks = blocks
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc
