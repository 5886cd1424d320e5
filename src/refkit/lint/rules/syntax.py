"""Syntax family (RK0xx): blocks that could not be parsed, and how the file was read."""

from __future__ import annotations

from collections.abc import Iterator

from refkit.bib.model import ENCODING_GUESSED, SYNTAX_ERROR, FailedBlock
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.rules.base import BibliographyRule, CheckContext


class UnparsableBlock(BibliographyRule):
    """A block could not be parsed: unbalanced braces, a missing comma, an unterminated quote.

    The block is kept verbatim and every other entry is still checked.

    Bad:  @article{smith2020, title = {Title} author = {Smith, Ann}}
    Good: @article{smith2020, title = {Title}, author = {Smith, Ann}}
    """

    code = SYNTAX_ERROR[0]
    name = SYNTAX_ERROR[1]
    severity = Severity.ERROR
    family = "syntax"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        for index, block in enumerate(context.bibliography.blocks):
            if isinstance(block, FailedBlock):
                yield block.diagnostic(index)


class EncodingGuessed(BibliographyRule):
    """The file is not UTF-8 and its 8-bit encoding was guessed.

    Bad:  a Windows-1252 file read without --encoding
    Good: the file saved as UTF-8 (or read with --encoding cp1252)
    """

    code = ENCODING_GUESSED[0]
    name = ENCODING_GUESSED[1]
    severity = Severity.INFO
    family = "syntax"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        for problem in context.bibliography.problems:
            if problem.code == self.code:
                yield problem


def rules() -> list[BibliographyRule]:
    return [UnparsableBlock(), EncodingGuessed()]
