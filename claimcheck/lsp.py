"""claimcheck as a language server (pygls) for Markdown and plain text, started by `claimcheck lsp`.

Diagnostics on open, save and (debounced) change; hover shows the rule's explanation and sources;
code actions insert a suppression comment for one line or show the rule's file. Every lint goes
through `api.check_source`, so configuration is discovered per file as the CLI does, and the rules,
reference and spaCy pipeline are loaded once (cached by `api.get_linter`) and reused.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import PositionCodec, TextDocument

from claimcheck import __version__
from claimcheck.api import RunOptions, check_source, get_linter
from claimcheck.errors import ClaimcheckError
from claimcheck.finding import Finding, RuleInfo, Severity
from claimcheck.markup import TEXT_SUFFIXES

SOURCE = "claimcheck"
SHOW_RULE = "claimcheck.showRule"
DEFAULT_DEBOUNCE_SECONDS = 0.3
_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends LSP counts (and LineIndex too)
_NOTE_LINE = re.compile(r"^line (\d+): ")
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}


@dataclass(frozen=True, slots=True)
class Placed:
    """A finding and the diagnostic that shows it (its range in the client's units)."""

    finding: Finding | None   # None: a note or an error that is not a finding
    diagnostic: types.Diagnostic


@dataclass(frozen=True, slots=True)
class Linted:
    """The last lint of one document version: what hover and code actions answer from."""

    uri: str
    version: int | None
    text: str
    plain_text: bool
    placed: tuple[Placed, ...]
    rules: Mapping[str, RuleInfo]
    rule_files: Mapping[str, str]   # rule id -> file URI of its YAML


def document_path(uri: str, language_id: str | None) -> str:
    """The file a document stands for (config is discovered from it); untitled ones get a name."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        return path
    return "untitled.txt" if language_id == "plaintext" else "untitled.md"


def _lines(text: str) -> list[str]:
    return _LINE_END.split(text)


def _position(lines: Sequence[str], line: int, column: int, codec: PositionCodec) -> types.Position:
    """1-based line and character column (as claimcheck counts) to an LSP position in client units."""
    index = min(max(line - 1, 0), len(lines) - 1)
    return types.Position(index, codec.client_num_units(lines[index][:max(column - 1, 0)]))


def _message(finding: Finding) -> str:
    return f"{finding.message}\nSuggestion: {finding.suggestion}" if finding.suggestion else finding.message


def diagnostics(uri: str, version: int | None, text: str, plain_text: bool, findings: Sequence[Finding],
                notes: Sequence[str], rules: Mapping[str, RuleInfo], rule_files: Mapping[str, str],
                codec: PositionCodec) -> Linted:
    """Findings (and notes that name a line) as diagnostics; document-level findings sit on line 1."""
    lines = _lines(text)
    placed: list[Placed] = []
    for finding in findings:
        if finding.start and finding.end:
            where = types.Range(_position(lines, finding.start.line, finding.start.column, codec),
                                _position(lines, finding.end.line, finding.end.column, codec))
        else:
            where = types.Range(types.Position(0, 0), types.Position(0, codec.client_num_units(lines[0])))
        link = rule_files.get(finding.rule)
        placed.append(Placed(finding, types.Diagnostic(
            range=where, message=_message(finding), severity=_SEVERITY[finding.severity], code=finding.rule,
            code_description=types.CodeDescription(href=link) if link else None, source=SOURCE,
            data={"rule": finding.rule})))
    for note in notes:
        match = _NOTE_LINE.match(note)
        line = int(match.group(1)) - 1 if match else 0
        line = min(line, len(lines) - 1)
        where = types.Range(types.Position(line, 0), types.Position(line, codec.client_num_units(lines[line])))
        placed.append(Placed(None, types.Diagnostic(range=where, message=note, source=SOURCE,
                                                    severity=types.DiagnosticSeverity.Information)))
    return Linted(uri, version, text, plain_text, tuple(placed), rules, rule_files)


def problem(uri: str, version: int | None, text: str, message: str) -> Linted:
    """A configuration or data error: one diagnostic at the top, so the writer sees why nothing else shows."""
    diagnostic = types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                  message=f"claimcheck cannot lint this file: {message}", source=SOURCE,
                                  severity=types.DiagnosticSeverity.Error, code="config")
    return Linted(uri, version, text, False, (Placed(None, diagnostic),), {}, {})


def lint(uri: str, version: int | None, text: str, language_id: str | None, codec: PositionCodec,
         options: RunOptions | None = None) -> Linted:
    """Lint a document's current text with the configuration found for its file."""
    path = document_path(uri, language_id)
    try:
        report, linter = check_source(text, path, options or RunOptions())
    except ClaimcheckError as exc:
        return problem(uri, version, text, str(exc))
    except Exception as exc:  # a bug must not leave the editor silently without diagnostics
        return problem(uri, version, text, f"internal error ({type(exc).__name__}: {exc}); please report it")
    rule_files = {rule.id: Path(rule.path).resolve().as_uri() for rule in linter.rules if rule.path}
    plain = any(path.lower().endswith(suffix) for suffix in TEXT_SUFFIXES)
    return diagnostics(uri, version, text, plain, report.findings, report.notes, linter.rule_infos(), rule_files,
                       codec)


def _contains(where: types.Range, position: types.Position) -> bool:
    start, end = (where.start.line, where.start.character), (where.end.line, where.end.character)
    return start <= (position.line, position.character) <= end


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def rule_markdown(info: RuleInfo | None, finding: Finding) -> str:
    """What hover shows: the finding, the rule's explanation (as `claimcheck explain` gives it), sources."""
    parts = [f"**{finding.rule}** · {finding.category.value} · {finding.severity.label}", finding.message]
    if finding.suggestion:
        parts.append(f"*Suggestion:* {finding.suggestion}")
    if info is not None:
        parts.append(info.description)
    links = [s for s in finding.sources if s.startswith(("https://", "http://"))]
    if links:
        parts.append("Sources:\n" + "\n".join(f"- <{url}>" for url in links))
    return "\n\n".join(parts)


def hover(linted: Linted, position: types.Position) -> types.Hover | None:
    hits = [p for p in linted.placed if p.finding is not None and _contains(p.diagnostic.range, position)]
    if not hits:
        return None
    text = "\n\n---\n\n".join(rule_markdown(linted.rules.get(p.finding.rule), p.finding) for p in hits if p.finding)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=hits[0].diagnostic.range)


def suppression_edit(text: str, line: int, rule: str, plain_text: bool, codec: PositionCodec) -> types.TextEdit:
    """Insert `claimcheck-disable-next-line RULE` so that it covers the (1-based) `line`.

    In Markdown a comment line inside a paragraph would split it (and its sentences), so there the
    comment goes at the end of the previous line; before a block's first line it gets a line of its own.
    Plain text directives must stand on their own line.
    """
    lines = _lines(text)
    eol = "\r\n" if "\r\n" in text else "\n"
    index = min(max(line - 1, 0), len(lines) - 1)
    current = lines[index]
    indent = current[:len(current) - len(current.lstrip(" \t"))]
    if plain_text:
        return types.TextEdit(types.Range(types.Position(index, 0), types.Position(index, 0)),
                              f"{indent}# claimcheck-disable-next-line {rule}{eol}")
    comment = f"<!-- claimcheck-disable-next-line {rule} -->"
    previous = lines[index - 1] if index > 0 else ""
    if not previous.strip():
        lead = indent if len(indent.expandtabs(4)) < 4 else ""  # four spaces would make it a code block
        return types.TextEdit(types.Range(types.Position(index, 0), types.Position(index, 0)),
                              f"{lead}{comment}{eol}")
    end = types.Position(index - 1, codec.client_num_units(previous))
    return types.TextEdit(types.Range(end, end), f"{'' if previous.endswith((' ', chr(9))) else ' '}{comment}")


def code_actions(linted: Linted, where: types.Range, codec: PositionCodec) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    for placed in linted.placed:
        finding = placed.finding
        if finding is None or not _overlaps(placed.diagnostic.range, where):
            continue
        if finding.start is not None:
            edit = suppression_edit(linted.text, finding.start.line, finding.rule, linted.plain_text, codec)
            actions.append(types.CodeAction(
                title=f"Disable {finding.rule} for this line", kind=types.CodeActionKind.QuickFix,
                diagnostics=[placed.diagnostic], edit=types.WorkspaceEdit(changes={linted.uri: [edit]})))
        actions.append(types.CodeAction(
            title=f"Show rule {finding.rule}", kind=types.CodeActionKind.Empty, diagnostics=[placed.diagnostic],
            command=types.Command(title=f"Show rule {finding.rule}", command=SHOW_RULE,
                                  arguments=[finding.rule, linted.uri])))
    return actions


class ClaimcheckServer(LanguageServer):
    """Keeps the last lint of each open document; lints run one at a time off the event loop."""

    def __init__(self, debounce: float = DEFAULT_DEBOUNCE_SECONDS) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimcheck-lint")

    def document(self, uri: str) -> TextDocument | None:
        """The open document (None once closed); the workspace keys them by unquoted URI."""
        return self.workspace.text_documents.get(unquote(uri))

    def cancel_pending(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

    async def lint_and_publish(self, uri: str, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.document(uri)
        if document is None:
            return
        version, text, codec = document.version, document.source, document.position_codec
        linted = await asyncio.get_running_loop().run_in_executor(
            self.worker, lint, uri, version, text, document.language_id, codec)
        current = self.document(uri)
        if current is None or current.version != version:
            return  # edited (or closed) meanwhile: a newer lint will publish
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[p.diagnostic for p in linted.placed]))

    def schedule(self, uri: str, delay: float) -> None:
        self.cancel_pending(uri)
        self.pending[uri] = asyncio.get_running_loop().create_task(self.lint_and_publish(uri, delay))


def build_server(debounce: float = DEFAULT_DEBOUNCE_SECONDS) -> ClaimcheckServer:
    server = ClaimcheckServer(debounce)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ClaimcheckServer, params: types.InitializedParams) -> None:
        # Load rules, reference and the spaCy pipeline while the editor opens its first file.
        await asyncio.get_running_loop().run_in_executor(ls.worker, get_linter)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClaimcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ClaimcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClaimcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ClaimcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ClaimcheckServer, params: types.HoverParams) -> types.Hover | None:
        linted = ls.linted.get(params.text_document.uri)
        return hover(linted, params.position) if linted else None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def on_code_action(ls: ClaimcheckServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        linted = ls.linted.get(params.text_document.uri)
        document = ls.document(params.text_document.uri)
        if linted is None or document is None:
            return None
        return code_actions(linted, params.range, document.position_codec) or None

    @server.command(SHOW_RULE)
    async def show_rule(ls: ClaimcheckServer, rule_id: str, uri: str = "") -> str | None:
        """Open the rule's YAML file when the editor can; otherwise show its explanation as a message."""
        linted = ls.linted.get(uri) or next(iter(ls.linted.values()), None)
        rule_file = linted.rule_files.get(rule_id) if linted else None
        info = linted.rules.get(rule_id) if linted else None
        if info is None:
            ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"unknown rule {rule_id!r}"))
            return None
        can_show = bool(ls.client_capabilities.window and ls.client_capabilities.window.show_document
                        and ls.client_capabilities.window.show_document.support)
        if rule_file and can_show:
            await ls.window_show_document_async(types.ShowDocumentParams(uri=rule_file, take_focus=True))
        else:
            ls.window_show_message(types.ShowMessageParams(
                types.MessageType.Info, f"{rule_id} ({info.category.value}, {info.severity.label}): {info.description}"))
        return rule_file

    return server


def serve(debounce: float = DEFAULT_DEBOUNCE_SECONDS) -> None:
    """Run the server over stdio until the client says exit."""
    build_server(debounce).start_io()
