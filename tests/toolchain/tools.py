"""Running the real toolchain on a .bib file: LaTeX with biblatex/biber or BibTeX, biber's
validator, pandoc; and collecting what each of them warns about."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import require_tex_file, require_tool

#: A LaTeX, class or package warning, up to the first blank line or the next message.
_LATEX_WARNING = re.compile(
    r"^((?:LaTeX|Package [\w.-]+|Class [\w.-]+) Warning: .*(?:\n(?!\n)(?:\([\w.-]+\) ).*)*)",
    re.MULTILINE,
)
_LATEX_ERROR = re.compile(r"^! .*$", re.MULTILINE)
_TIMEOUT = 120


@dataclass(frozen=True)
class Compilation:
    """What one compilation printed: warnings and errors, each a one-line message."""

    warnings: tuple[str, ...]
    errors: tuple[str, ...]
    bbl: str

    @property
    def messages(self) -> tuple[str, ...]:
        return self.errors + self.warnings


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False, stdin=None
    )


def _one_line(message: str) -> str:
    return re.sub(r"\s*\n\([\w.-]+\)\s*", " ", message).strip()


def _latex_messages(log: str) -> tuple[list[str], list[str]]:
    warnings = [_one_line(match) for match in _LATEX_WARNING.findall(log)]
    errors = _LATEX_ERROR.findall(log)
    return warnings, errors


def _document(preamble: str, bibliography: str) -> str:
    return (
        "\\documentclass{article}\n"
        f"{preamble}"
        "\\begin{document}\n"
        "\\nocite{*}\n"
        f"{bibliography}"
        "\\end{document}\n"
    )


def compile_biblatex(
    bib: Path, work: Path, *, options: str = "", engine: str = "pdflatex"
) -> Compilation:
    """LaTeX, biber, LaTeX, LaTeX on a document that cites every entry of ``bib``."""
    latex = require_tool(engine)
    biber = require_tool("biber")
    require_tex_file("biblatex.sty")
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, work / "refs.bib")
    preamble = (
        f"\\usepackage[{options + ',' if options else ''}backend=biber]{{biblatex}}\n"
        "\\addbibresource{refs.bib}\n"
    )
    (work / "doc.tex").write_text(_document(preamble, "\\printbibliography\n"), encoding="utf-8")
    latex_run = [latex, "-interaction=nonstopmode", "-halt-on-error", "doc"]
    _run(latex_run, work)
    _run([biber, "doc"], work)
    _run(latex_run, work)
    _run(latex_run, work)
    warnings, errors = _latex_messages(_read(work / "doc.log"))
    blg = _read(work / "doc.blg")
    warnings += [line[len("WARN - ") :] for line in blg.splitlines() if line.startswith("WARN")]
    errors += [line for line in blg.splitlines() if line.startswith("ERROR")]
    return Compilation(tuple(warnings), tuple(errors), _read(work / "doc.bbl"))


def compile_bibtex(bib: Path, work: Path, *, style: str = "plain") -> Compilation:
    """LaTeX, BibTeX, LaTeX, LaTeX on a document that cites every entry of ``bib``."""
    latex = require_tool("pdflatex")
    bibtex = require_tool("bibtex")
    require_tex_file(f"{style}.bst")
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, work / "refs.bib")
    bibliography = f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n"
    # BibTeX files write URLs as \url{...} in howpublished or note: every paper loads url.
    (work / "doc.tex").write_text(_document("\\usepackage{url}\n", bibliography), encoding="utf-8")
    latex_run = [latex, "-interaction=nonstopmode", "-halt-on-error", "doc"]
    _run(latex_run, work)
    _run([bibtex, "doc"], work)
    _run(latex_run, work)
    _run(latex_run, work)
    warnings, errors = _latex_messages(_read(work / "doc.log"))
    blg = _read(work / "doc.blg")
    warnings += [
        line[len("Warning--") :] for line in blg.splitlines() if line.startswith("Warning--")
    ]
    errors += re.findall(r"^.*---line \d+ of file .*$", blg, re.MULTILINE)
    return Compilation(tuple(warnings), tuple(errors), _read(work / "doc.bbl"))


def biber_validate(bib: Path, work: Path) -> Compilation:
    """``biber --tool --validate-datamodel``: its WARN and ERROR lines."""
    biber = require_tool("biber")
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, work / "refs.bib")
    command = [biber, "--tool", "--validate-datamodel", "--nolog", "--output-file", "out.bib"]
    done = _run([*command, "refs.bib"], work)
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    warnings = [line[len("WARN - ") :] for line in lines if line.startswith("WARN - ")]
    errors = [line for line in lines if line.startswith("ERROR - ")]
    return Compilation(tuple(warnings), tuple(errors), "")


@dataclass(frozen=True)
class PandocOutput:
    """pandoc's rendering of every entry, one paragraph each, and its stderr lines."""

    entries: tuple[str, ...]
    stderr: tuple[str, ...]


def pandoc_citeproc(bib: Path, csl: Path, work: Path) -> PandocOutput:
    """``pandoc --citeproc`` of a document that cites every entry, as plain text."""
    pandoc = require_tool("pandoc")
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, work / "refs.bib")
    (work / "doc.md").write_text("---\nnocite: |\n  @*\n---\n", encoding="utf-8")
    command = [pandoc, "--citeproc", "--csl", str(csl), "--bibliography", "refs.bib"]
    done = _run([*command, "--to", "plain", "--wrap", "none", "doc.md"], work)
    text = done.stdout.decode("utf-8")
    entries = tuple(part.strip() for part in text.split("\n\n") if part.strip())
    stderr = tuple(done.stderr.decode("utf-8", errors="replace").splitlines())
    return PandocOutput(entries, stderr)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace") if path.exists() else ""
