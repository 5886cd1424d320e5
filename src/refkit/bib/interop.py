"""bibtexparser (v2) interoperability: a ``Bibliography`` as a ``bibtexparser.Library``
and back, for the many programs built on bibtexparser.

``to_bibtexparser`` gives the library bibtexparser's splitter gives for a file (values
as written, delimiters included, entry types in lower case; no middleware applied
unless asked), block for block from refkit's reading: entries (an entry with a repeated
field name becomes a ``DuplicateFieldKeyBlock`` and a repeated key a
``DuplicateBlockKeyBlock``, as bibtexparser makes them), ``@string``, ``@preamble``,
``@comment``, text between blocks (an ``ImplicitComment`` unless it is only white
space) and blocks that failed to parse.  ``from_bibtexparser`` writes a library back as
BibTeX text and reads it with refkit: a block whose ``raw`` text still says what the
block holds keeps that text byte for byte; an edited one is written afresh.  Blocks are
separated by the line breaks their line numbers imply (one blank line where
bibtexparser has none), which is all of the white space between blocks that
bibtexparser keeps.

bibtexparser is optional (``pip install refkit[bibtexparser]``) and imported only when
these functions are called.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from refkit.bib.bibliography import Bibliography
from refkit.bib.blocks import (
    Block,
    CommentBlock,
    FailedBlock,
    PreambleBlock,
    StringBlock,
    TextBlock,
)
from refkit.bib.entry import Entry
from refkit.bib.fields import Field
from refkit.bib.io import loads
from refkit.bib.values import raw_value_problem
from refkit.core.errors import UsageError

if TYPE_CHECKING:
    from bibtexparser import model as bibtexparser_model
    from bibtexparser.library import Library
    from bibtexparser.middlewares.middleware import Middleware

__all__ = ["from_bibtexparser", "to_bibtexparser"]

_MISSING = (
    "bibtexparser is not installed; install refkit with the bibtexparser extra: "
    "pip install 'refkit[bibtexparser]'"
)
_COMMENT_HEAD = re.compile(r"@\s*comment\s*", re.IGNORECASE)
#: Where ``RemoveEnclosingMiddleware`` records the enclosing it removed.
_REMOVED_ENCLOSING = "removed_enclosing"


def _bibtexparser() -> ModuleType:
    try:
        import bibtexparser
        import bibtexparser.exceptions
        import bibtexparser.model
    except ImportError:
        raise UsageError(_MISSING) from None
    return bibtexparser


def to_bibtexparser(
    bibliography: Bibliography, parse_stack: Iterable[Middleware] = ()
) -> Library:
    """The bibliography as a bibtexparser ``Library`` (values as written).

    ``parse_stack`` middlewares are applied in order afterwards, as
    ``bibtexparser.parse_string`` would apply them (e.g.
    ``[RemoveEnclosingMiddleware()]`` for values without their braces).
    Raises ``UsageError`` when bibtexparser is not installed.
    """
    bibtexparser = _bibtexparser()
    model = bibtexparser.model
    source = bibliography.source
    blocks: list[bibtexparser_model.Block] = []
    for block in bibliography.blocks:
        offsets = block.offsets
        # bibtexparser's lines: 0-based, and only "\n" ends one (refkit also counts a lone
        # "\r"), so that from_bibtexparser reads the gaps between blocks back rightly.
        line = source.text.count("\n", 0, offsets[0]) if offsets is not None else None
        raw = block.raw
        if isinstance(block, Entry):
            blocks.append(_entry(model, block, line, raw))
        elif isinstance(block, StringBlock):
            blocks.append(model.String(block.name, block.field.raw, start_line=line, raw=raw))
        elif isinstance(block, PreambleBlock):
            blocks.append(model.Preamble(block.value, start_line=line, raw=raw))
        elif isinstance(block, CommentBlock):
            blocks.append(model.ExplicitComment(_comment_text(raw), start_line=line, raw=raw))
        elif isinstance(block, FailedBlock):
            error = bibtexparser.exceptions.BlockAbortedException(abort_reason=block.error)
            blocks.append(model.ParsingFailedBlock(error, start_line=line, raw=raw))
        elif isinstance(block, TextBlock) and raw.strip():
            text = raw.strip()
            if line is not None:
                line += raw[: len(raw) - len(raw.lstrip())].count("\n")
            blocks.append(model.ImplicitComment(text, start_line=line, raw=text))
    library: Library = bibtexparser.Library()
    library.add(blocks, fail_on_duplicate_key=False)
    for middleware in parse_stack:
        library = middleware.transform(library)
    return library


def _entry(model: Any, entry: Entry, line: int | None, raw: str) -> Any:
    fields = []
    for item in entry.fields:
        offsets = item.offsets
        field_line = offsets[2].text.count("\n", 0, offsets[0]) if offsets is not None else None
        fields.append(model.Field(item.name, item.raw, start_line=field_line))
    made = model.Entry(entry.type, entry.key, fields, start_line=line, raw=raw)
    names = [item.name for item in entry.fields]
    repeated = {name for name in names if names.count(name) > 1}
    return model.DuplicateFieldKeyBlock(repeated, made) if repeated else made


def _comment_text(raw: str) -> str:
    head = _COMMENT_HEAD.match(raw)
    body = raw[head.end() :] if head else raw
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    return body.strip()


def from_bibtexparser(library: Library) -> Bibliography:
    """A bibtexparser ``Library`` as a refkit ``Bibliography``.

    Values are taken as bibtexparser holds them: as written (delimiters included) when
    no middleware changed them, or without their enclosing when
    ``RemoveEnclosingMiddleware`` removed it (which it records, and which is put back).
    A block that failed in bibtexparser and holds the block it failed on (a duplicate
    key or field) gives that block; one that does not gives its text.
    Raises ``UsageError`` when bibtexparser is not installed or a value is not text
    (a middleware such as ``SeparateCoAuthors`` made it a list: undo it first).
    """
    model = _bibtexparser().model
    pieces: list[str] = []
    end_line: int | None = 0  # the line the text so far ends on, while lines are known
    at_line_start = True
    verbatim_end = False
    for block in library.blocks:
        text = _block_text(model, block)
        if not text:
            continue
        line = block.start_line
        if line is not None and end_line is not None and line >= end_line:
            # The line breaks the file had, from bibtexparser's line numbers.
            gap = line - end_line
            pieces.append("\n" * gap if gap or at_line_start else "\n")
        else:
            pieces.append("\n\n")
        pieces.append(text)
        end_line = line + text.count("\n") if line is not None else None
        at_line_start = text.endswith("\n")
        # A failed block's text runs to where parsing resumed, white space included.
        verbatim_end = _is_failed_text(model, block)
    text = "".join(pieces)
    return loads(text if not pieces or verbatim_end else text + "\n")


def _is_failed_text(model: Any, block: Any) -> bool:
    if not isinstance(block, model.ParsingFailedBlock):
        return False
    inner = block.ignore_error_block
    return inner is None or isinstance(inner, model.ParsingFailedBlock)


def _block_text(model: Any, block: Any) -> str:
    if isinstance(block, model.ParsingFailedBlock):
        if _is_failed_text(model, block):
            return str(block.raw or "")
        return _block_text(model, block.ignore_error_block)
    if isinstance(block, model.Entry):
        removed = block.parser_metadata.get(_REMOVED_ENCLOSING) or {}
        fields = [
            Field(
                item.key,
                _expression(
                    item.value,
                    item.enclosing or removed.get(item.key),
                    f"entry {block.key!r}, field {item.key!r}",
                ),
            )
            for item in block.fields
        ]
        fresh = Entry(block.entry_type, block.key, fields)
        return _kept_raw(block.raw, fresh) or fresh.format()
    if isinstance(block, model.String):
        value = _expression(
            block.value,
            block.enclosing or block.parser_metadata.get(_REMOVED_ENCLOSING),
            f"@string {block.key!r}",
        )
        fresh_text = f"@string{{{block.key} = {value}}}"
        return _kept_raw(block.raw, _single(fresh_text)) or fresh_text
    if isinstance(block, model.Preamble):
        fresh_text = f"@preamble{{{_expression(block.value.strip(), None, '@preamble')}}}"
        return _kept_raw(block.raw, _single(fresh_text)) or fresh_text
    if isinstance(block, model.ExplicitComment):
        fresh_text = f"@comment{{{block.comment}}}"
        return _kept_raw(block.raw, _single(fresh_text)) or fresh_text
    if isinstance(block, model.ImplicitComment):
        return str(block.comment)
    return ""


def _expression(value: object, enclosing: str | None, where: str) -> str:
    """The value expression to write for a bibtexparser value and its enclosing."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise UsageError(
            f"{where}: the value is a {type(value).__name__}, not text; undo the middleware "
            "that made it (for names: MergeNameParts and MergeCoAuthors) first"
        )
    if enclosing == "{":
        return "{" + value + "}"
    if enclosing == '"':
        return '"' + value + '"'
    if raw_value_problem(value) is None:
        return value  # as written: braced, quoted, a number, a macro or a concatenation
    return "{" + value + "}"


def _single(text: str) -> Block | None:
    """The one non-text block ``text`` is read as, or None."""
    blocks = [block for block in loads(text).blocks if not isinstance(block, TextBlock)]
    return blocks[0] if len(blocks) == 1 else None


def _kept_raw(raw: str | None, fresh: Block | None) -> str | None:
    """``raw`` when refkit reads it as the very block written afresh, else None."""
    if not raw or fresh is None:
        return None
    kept = _single(raw)
    if kept is None or type(kept) is not type(fresh):
        return None
    if isinstance(kept, Entry) and isinstance(fresh, Entry):
        # bibtexparser writes entry types in lower case; BibTeX ignores their case.
        same = (kept.type, kept.key, [(f.name, f.raw) for f in kept.fields]) == (
            fresh.type,
            fresh.key,
            [(f.name, f.raw) for f in fresh.fields],
        )
    elif isinstance(kept, StringBlock) and isinstance(fresh, StringBlock):
        same = (kept.name, kept.field.raw) == (fresh.name, fresh.field.raw)
    elif isinstance(kept, PreambleBlock) and isinstance(fresh, PreambleBlock):
        same = kept.value == fresh.value
    elif isinstance(kept, CommentBlock) and isinstance(fresh, CommentBlock):
        same = _comment_text(kept.raw) == _comment_text(fresh.raw)
    else:
        same = False
    return raw if same else None
