"""The language server: pure parts (positions, suppression edits, hover) in-process, then end to end
with pytest-lsp, a real LSP client talking to `python -m claimcheck lsp` over stdio."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Union

import pytest

pytest.importorskip("pygls", reason="pygls is not installed (pip install '.[lsp]')")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (pip install '.[test]')")

from lsprotocol import types  # noqa: E402
from pygls.workspace import PositionCodec  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from claimcheck.api import Linter  # noqa: E402
from claimcheck.finding import Finding  # noqa: E402
from claimcheck.lsp import SHOW_RULE, code_actions, document_path, hover, lint, suppression_edit  # noqa: E402

ARTICLE = ("# Clinic notes\n\n"
           "Our vaccine cures cancer, and it is a breakthrough.\n"
           "The treatment is completely safe with no side effects.\n")
PLAIN = "Clinic notes\n\nOur vaccine cures cancer.\nIt is completely safe with no side effects.\n"
UTF16 = types.PositionEncodingKind.Utf16


def _apply(text: str, edit: types.TextEdit, codec: PositionCodec) -> str:
    """Apply one edit as an editor would (positions in the client's units)."""
    lines = text.splitlines(keepends=True) or [""]
    start = codec.position_from_client_units(lines, edit.range.start)
    end = codec.position_from_client_units(lines, edit.range.end)

    def offset(position: object) -> int:
        return sum(len(line) for line in lines[:position.line]) + position.character  # type: ignore[attr-defined]

    return text[:offset(start)] + edit.new_text + text[offset(end):]


def _texts(findings: tuple[Finding, ...]) -> list[tuple[str, str | None]]:
    return [(f.rule, f.text) for f in findings]


@pytest.fixture(scope="module")
def codec() -> PositionCodec:
    return PositionCodec(UTF16)


def test_ranges_count_utf16_units_before_the_finding(codec: PositionCodec, linter: Linter) -> None:
    linted = lint("untitled:1", 1, "🎉🎉 The new drug cures cancer in everyone.\n", "markdown", codec)
    (cure,) = [p for p in linted.placed if p.finding and p.finding.rule == "overclaim.cure"]
    assert cure.finding.start.column == 17  # characters (code points), as the CLI reports
    assert cure.diagnostic.range == types.Range(types.Position(0, 18), types.Position(0, 30))  # two surrogate pairs


@pytest.mark.parametrize(("name", "text", "line", "expected"), [
    ("first line of a paragraph gets a comment line of its own", ARTICLE, 3,
     "# Clinic notes\n\n<!-- claimcheck-disable-next-line overclaim.cure -->\nOur vaccine cures"),
    ("inside a paragraph the comment ends the previous line", ARTICLE, 4,
     "cancer, and it is a breakthrough. <!-- claimcheck-disable-next-line overclaim.cure -->\nThe treatment"),
    ("plain text directives stand on their own line", PLAIN, 4,
     "cures cancer.\n# claimcheck-disable-next-line overclaim.cure\nIt is completely"),
])
def test_suppression_edit_places_the_directive(name: str, text: str, line: int, expected: str,
                                               codec: PositionCodec) -> None:
    edit = suppression_edit(text, line, "overclaim.cure", text is PLAIN, codec)
    assert expected in _apply(text, edit, codec), name


@pytest.mark.parametrize(("path", "text", "rule"), [
    ("a.md", ARTICLE, "overclaim.cure"), ("a.md", ARTICLE, "safety.no-side-effects"),
    ("b.txt", PLAIN, "overclaim.cure"), ("b.txt", PLAIN, "safety.completely-safe")])
def test_the_disable_action_silences_exactly_that_finding(path: str, text: str, rule: str, codec: PositionCodec,
                                                           linter: Linter) -> None:
    uri = (Path("/tmp") / path).as_uri()
    linted = lint(uri, 1, text, "markdown", codec)
    target = next(p for p in linted.placed if p.finding and p.finding.rule == rule)
    (action,) = [a for a in code_actions(linted, target.diagnostic.range, codec) if a.title.startswith("Disable")]
    (edit,) = action.edit.changes[uri]
    edited = _apply(text, edit, codec)
    before = _texts(linter.check_text(text, path).findings)
    after = linter.check_text(edited, path)
    assert _texts(after.findings) == [t for t in before if t[0] != rule]
    assert after.notes == ()  # the suppression was used


def test_hover_shows_the_rule_explanation_and_sources(codec: PositionCodec, linter: Linter) -> None:
    linted = lint("untitled:1", 1, ARTICLE, "markdown", codec)
    answer = hover(linted, types.Position(2, 14))  # inside "cures cancer"
    assert answer is not None and answer.range == types.Range(types.Position(2, 12), types.Position(2, 24))
    text = answer.contents.value
    description = linter.rule_infos()["overclaim.cure"].description
    assert text.startswith("**overclaim.cure** · overclaim · error") and description in text
    assert "Sources:\n- <http" in text
    assert hover(linted, types.Position(0, 3)) is None


def test_a_bad_config_becomes_one_diagnostic(tmp_path: Path, codec: PositionCodec) -> None:
    (tmp_path / ".claimcheck.yaml").write_text("ignore: [no-such-rule]\n", encoding="utf-8")
    linted = lint((tmp_path / "a.md").as_uri(), 1, ARTICLE, "markdown", codec)
    (only,) = linted.placed
    assert only.diagnostic.code == "config" and "no-such-rule" in only.diagnostic.message


def test_an_unused_suppression_is_information_on_its_line(codec: PositionCodec) -> None:
    text = "# Notes\n\n<!-- claimcheck-disable-next-line hype -->\nThe weather was fine.\n"
    linted = lint("untitled:1", 1, text, "markdown", codec)
    (note,) = linted.placed
    assert note.finding is None and note.diagnostic.severity == types.DiagnosticSeverity.Information
    assert note.diagnostic.range.start.line == 2 and "silenced nothing" in note.diagnostic.message


def test_document_paths_come_from_the_uri_or_the_language() -> None:
    assert document_path(Path("/tmp/a b/x.md").as_uri(), "markdown") == "/tmp/a b/x.md"
    assert document_path("untitled:Untitled-1", "plaintext") == "untitled.txt"
    assert document_path("untitled:Untitled-2", "markdown") == "untitled.md"


# ---- end to end: a real client over stdio -------------------------------------------------------

@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "claimcheck", "lsp", "--debounce", "0.2"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    _read_code_actions_as_editors_do(lsp_client)
    capabilities = types.ClientCapabilities(
        window=types.WindowClientCapabilities(show_document=types.ShowDocumentClientCapabilities(support=True)),
        general=types.GeneralClientCapabilities(position_encodings=[UTF16]))
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


def _read_code_actions_as_editors_do(client: LanguageClient) -> None:
    """lsprotocol's client-side hook reads any code action that has a `command` as a bare Command;
    editors tell them apart as the spec says (a Command's `command` is a string)."""
    converter = client.protocol._converter

    def structure(data: dict, _type: object) -> types.Command | types.CodeAction:  # type: ignore[type-arg]
        kind = types.Command if isinstance(data.get("command"), str) else types.CodeAction
        return converter.structure(data, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], structure)  # noqa: UP007


async def _collect(client: LanguageClient, wanted: dict[str, int | None]) -> dict[str, list[types.Diagnostic]]:
    """Wait (at most a minute) for the diagnostics of these document versions, in whatever order they
    come; None stands for the empty set published on close. Earlier versions may arrive first."""
    found: dict[str, list[types.Diagnostic]] = {}

    async def gather() -> None:
        while len(found) < len(wanted):
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri in wanted and params.version == wanted[params.uri]:
                found[params.uri] = list(params.diagnostics)
            elif params.uri in wanted and params.version is not None and wanted[params.uri] is not None:
                assert params.version < wanted[params.uri], f"got version {params.version} after {wanted}"

    await asyncio.wait_for(gather(), timeout=60)
    return found


async def _published(client: LanguageClient, uri: str, version: int | None) -> list[types.Diagnostic]:
    return (await _collect(client, {uri: version}))[uri]


def _summary(diagnostics: list[types.Diagnostic], text: str) -> list[tuple[str, str]]:
    lines = text.split("\n")
    return [(str(d.code), lines[d.range.start.line][d.range.start.character:d.range.end.character])
            for d in diagnostics if d.range.start.line == d.range.end.line]


def _change(uri: str, version: int, start: tuple[int, int], end: tuple[int, int],
            new: str) -> types.DidChangeTextDocumentParams:
    where = types.Range(types.Position(*start), types.Position(*end))
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=where, text=new)])


@pytest.mark.asyncio(loop_scope="module")
async def test_open_edit_and_disable_over_stdio(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "article.md").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=ARTICLE)))
    diagnostics = await _published(client, uri, 1)
    assert _summary(diagnostics, ARTICLE) == [
        ("overclaim.cure", "cures cancer"), ("hype.breakthrough", "breakthrough"),
        ("safety.completely-safe", "The treatment is completely safe"), ("safety.no-side-effects", "no side effects")]
    cure = diagnostics[0]
    assert cure.range == types.Range(types.Position(2, 12), types.Position(2, 24))
    assert cure.severity == types.DiagnosticSeverity.Error and cure.source == "claimcheck"
    assert cure.code_description.href.endswith("/rules/overclaim/cure.yaml")
    assert "\nSuggestion: " in cure.message

    # edit: "cures cancer" -> "may help treat cancer"; the cure finding goes, the others stay
    client.text_document_did_change(_change(uri, 2, (2, 12), (2, 17), "may help treat"))
    text = ARTICLE.replace("cures", "may help treat")
    assert [code for code, _ in _summary(await _published(client, uri, 2), text)] == [
        "hype.breakthrough", "safety.completely-safe", "safety.no-side-effects"]

    # quick typing: only the last version is linted and published
    client.text_document_did_change(_change(uri, 3, (3, 17), (3, 32), "quite safe"))
    client.text_document_did_change(_change(uri, 4, (3, 17), (3, 27), "completely safe"))
    client.text_document_did_change(_change(uri, 5, (2, 47), (2, 59), "big step"))
    text = text.replace("breakthrough", "big step")
    diagnostics = await _published(client, uri, 5)
    assert [code for code, _ in _summary(diagnostics, text)] == ["safety.completely-safe", "safety.no-side-effects"]

    hovered = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(3, 20)))
    assert hovered.contents.value.startswith("**safety.completely-safe**")

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), diagnostics[0].range, types.CodeActionContext(diagnostics=[diagnostics[0]])))
    titles = [a.title for a in actions]
    assert titles == ["Disable safety.completely-safe for this line", "Show rule safety.completely-safe"]
    (edit,) = actions[0].edit.changes[uri]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=6),
        [types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)]))
    diagnostics = await _published(client, uri, 6)
    assert [str(d.code) for d in diagnostics] == ["safety.no-side-effects"]
    assert diagnostics[0].range.start.line == 3  # the comment went at the end of line 3, not a line of its own

    rule_file = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=SHOW_RULE, arguments=actions[1].command.arguments))
    assert rule_file.endswith("/rules/safety/completely-safe.yaml")
    assert client.shown_documents[-1].uri == rule_file

    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await _published(client, uri, None) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_config_is_discovered_per_file_and_save_lints(client: LanguageClient, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / ".claimcheck.yaml").write_text("ignore: [safety]\n", encoding="utf-8")
    opened: dict[str, str] = {}
    for folder in (tmp_path, quiet):
        uri = (folder / "notes.txt").as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=PLAIN)))
        opened[folder.name] = uri
    published = await _collect(client, {uri: 1 for uri in opened.values()})
    loud, silent = published[opened[tmp_path.name]], published[opened["quiet"]]
    assert [str(d.code) for d in loud] == ["overclaim.cure", "safety.completely-safe", "safety.no-side-effects"]
    assert [str(d.code) for d in silent] == ["overclaim.cure"]

    # a config changed on disk is picked up when the document is saved
    (quiet / ".claimcheck.yaml").write_text("ignore: [overclaim]\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(opened["quiet"])))
    saved = await _published(client, opened["quiet"], 1)
    assert [str(d.code) for d in saved] == ["safety.completely-safe", "safety.no-side-effects"]
