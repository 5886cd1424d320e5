"""Write src/refkit/lint/bibtex_styles.py from the standard BibTeX styles' .bst files.

Reads plain.bst, unsrt.bst, alpha.bst and abbrv.bst (found with kpsewhich, or given as
paths) and works out, from each style's functions:

* the entry types: functions that start an item with ``output.bibitem``, and the
  functions that only call one of them (``conference`` -> ``inproceedings``);
  ``default.type`` is what an undefined type is printed as, after BibTeX's warning
  "entry type for ... isn't style-file defined";
* the required fields: every ``"field" output.check`` (BibTeX: "empty field in key"),
  where ``"author and editor"`` means either will do; a check made on only one side of
  ``crossref missing$`` is required only without a crossref; one made where a field is
  known to be empty (``author empty$ {...}``) is part of an alternative with it;
* the fields that may not be given together (``"volume and number" number either.or.check``);
* the fields one of which sorting needs (``presort``'s dispatch on ``type$`` to
  ``author.sort`` and friends: "to sort, need author or key in ...");
* the other warnings each type's functions can give ("there's a number but no series").

Usage::

    python scripts/extract_bibtex_styles.py            # rewrite the module
    python scripts/extract_bibtex_styles.py --check    # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "refkit" / "lint" / "bibtex_styles.py"
STYLES = ("plain", "unsrt", "alpha", "abbrv")

# --- reading a .bst file -------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "name", "quoted" ('name), "string", "int", "{", "}"
    text: str


def tokens(text: str) -> Iterator[Token]:
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char == "%":
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
        elif char in "{}":
            yield Token(char, char)
            index += 1
        elif char == '"':
            end = text.index('"', index + 1)
            yield Token("string", text[index + 1 : end])
            index = end + 1
        else:
            match = re.compile(r"[^\s{}%]+").match(text, index)
            assert match is not None
            word = match.group(0)
            if word.startswith("#"):
                yield Token("int", word[1:])
            elif word.startswith("'"):
                yield Token("quoted", word[1:].lower())
            else:
                yield Token("name", word.lower())
            index = match.end()


Item = Token | list["Item"]  # a token or a {block}


def blocks(stream: Iterator[Token]) -> list[Item]:
    """The tokens up to the closing brace, with nested blocks as lists."""
    items: list[Item] = []
    for token in stream:
        if token.kind == "{":
            items.append(blocks(stream))
        elif token.kind == "}":
            return items
        else:
            items.append(token)
    return items


@dataclass
class Bst:
    fields: list[str] = field(default_factory=list)
    functions: dict[str, list[Item]] = field(default_factory=dict)
    macros: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)


def parse_bst(text: str) -> Bst:
    bst = Bst()
    items = blocks(tokens(text))
    index = 0
    while index < len(items):
        item = items[index]
        if not isinstance(item, Token):
            raise ValueError(f"unexpected block at top level: {item!r}")
        command = item.text
        bst.commands.append(command)
        arity = {
            "entry": 3,
            "function": 2,
            "macro": 2,
            "execute": 1,
            "iterate": 1,
            "reverse": 1,
            "strings": 1,
            "integers": 1,
            "read": 0,
            "sort": 0,
        }[command]
        arguments = items[index + 1 : index + 1 + arity]
        index += 1 + arity
        if command == "entry":
            bst.fields = [t.text for t in arguments[0] if isinstance(t, Token)]  # type: ignore[union-attr]
        elif command == "function":
            name = arguments[0][0].text  # type: ignore[index,union-attr]
            bst.functions[name] = arguments[1]  # type: ignore[assignment]
        elif command == "macro":
            name = arguments[0][0].text  # type: ignore[index,union-attr]
            bst.macros[name] = arguments[1][0].text  # type: ignore[index,union-attr]
    return bst


# --- analysis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    fields: tuple[str, ...]
    without_crossref: bool = False


def field_names(literal: str) -> tuple[str, ...]:
    """``"author and editor"`` / ``"author, editor, or key"`` as field names."""
    parts = re.split(r",\s*(?:or\s+)?|\s+and\s+|\s+or\s+", literal.strip())
    return tuple(part.strip() for part in parts if part.strip())


def _condition(items: Sequence[Item], at: int) -> tuple[str, str] | None:
    """``(field, "empty$"|"missing$")`` when the two items before ``at`` test a field."""
    if at < 2:
        return None
    name, test = items[at - 2], items[at - 1]
    if (
        isinstance(name, Token)
        and isinstance(test, Token)
        and name.kind == "name"
        and test.text in {"empty$", "missing$"}
    ):
        return name.text, test.text
    return None


@dataclass
class Checks:
    """What a block checks on every path through it, by crossref state."""

    #: literal -> crossref states (True: with a crossref, False: without) it is checked in
    required: dict[str, set[bool]] = field(default_factory=dict)
    conflicts: dict[str, set[bool]] = field(default_factory=dict)


def _walk(items: Sequence[Item], crossref: bool, kind: str) -> set[str]:
    """The literals of ``kind`` (output.check / either.or.check) checked on every path."""
    found: set[str] = set()
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Token) and item.text == "if$" and index >= 2:
            then, other = items[index - 2], items[index - 1]
            condition = _condition(items, index - 2)
            then_found = _walk(then, crossref, kind) if isinstance(then, list) else set()
            else_found = _walk(other, crossref, kind) if isinstance(other, list) else set()
            if condition == ("crossref", "missing$"):
                found |= then_found if not crossref else else_found
            elif condition is not None and condition[1] == "empty$":
                tested = condition[0]
                # Where the field is present, a check naming it as an alternative holds.
                found |= {lit for lit in then_found if tested in field_names(lit)} | (
                    then_found & else_found
                )
                found |= {lit for lit in else_found if lit in then_found}
            else:
                found |= then_found & else_found
        elif isinstance(item, Token) and item.kind == "name" and item.text == kind and index >= 1:
            literal = items[index - 1] if kind == "output.check" else items[index - 2]
            if isinstance(literal, Token) and literal.kind == "string":
                found.add(literal.text)
        index += 1
    return found


def _reached(
    items: Sequence[Item], crossref: bool, kind: str, bst: Bst, seen: set[str]
) -> set[str]:
    """The literals of ``kind`` checked on some path (following calls), by crossref state."""
    found: set[str] = set()
    for index, item in enumerate(items):
        if isinstance(item, list):
            skip = False
            if index + 2 < len(items) or index + 1 < len(items):
                # The then/else blocks of ``crossref missing$ {then} {else} if$``.
                then_at = index if _condition(items, index) == ("crossref", "missing$") else None
                else_at = (
                    index - 1 if _condition(items, index - 1) == ("crossref", "missing$") else None
                )
                skip = (then_at is not None and crossref) or (
                    else_at is not None and not crossref and isinstance(items[index - 1], list)
                )
            if not skip:
                found |= _reached(item, crossref, kind, bst, seen)
        elif item.kind in {"name", "quoted"} and item.text == kind:
            literal = items[index - 2] if index >= 2 else None
            if isinstance(literal, Token) and literal.kind == "string":
                found.add(literal.text)
        elif (
            item.kind in {"name", "quoted"}
            and item.text in bst.functions
            and item.text not in seen
            and item.text not in _GENERIC
        ):
            seen.add(item.text)
            found |= _reached(bst.functions[item.text], crossref, kind, bst, seen)
    return found


def conflicts(body: Sequence[Item], bst: Bst) -> list[Requirement]:
    without = _reached(body, False, "either.or.check", bst, set())
    with_crossref = _reached(body, True, "either.or.check", bst, set())
    return [
        Requirement(field_names(literal), without_crossref=literal not in with_crossref)
        for literal in sorted(without | with_crossref)
    ]


def requirements(body: Sequence[Item], kind: str) -> list[Requirement]:
    without = _walk(body, False, kind)
    with_crossref = _walk(body, True, kind)
    ordered = _literals_in_order(body, kind)
    result: list[Requirement] = []
    for literal in ordered:
        if literal in with_crossref and literal in without:
            result.append(Requirement(field_names(literal)))
        elif literal in without:
            result.append(Requirement(field_names(literal), without_crossref=True))
    unique: list[Requirement] = []
    for requirement in result:
        if requirement not in unique:
            unique.append(requirement)
    return unique


def _literals_in_order(items: Sequence[Item], kind: str) -> list[str]:
    found: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, list):
            found.extend(_literals_in_order(item, kind))
        elif item.kind == "name" and item.text == kind:
            back = 1 if kind == "output.check" else 2
            literal = items[index - back] if index >= back else None
            if isinstance(literal, Token) and literal.kind == "string":
                found.append(literal.text)
    return found


def _calls(items: Sequence[Item]) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _calls(item)
        elif item.kind in {"name", "quoted"}:
            yield item.text


def _warnings_in(items: Sequence[Item]) -> Iterator[str]:
    """Each ``warning$`` message in a block, its literal parts joined by "…"."""
    literals: list[str] = []
    for item in items:
        if isinstance(item, list):
            yield from _warnings_in(item)
            literals = []
        elif item.kind == "string":
            literals.append(item.text)
        elif item.text == "warning$":
            if literals:
                yield "…".join(part.strip() for part in literals if part.strip()) + " …"
            literals = []


#: Generic helpers whose messages take the field names from the call site.
_GENERIC = {"output.check", "either.or.check"}


def reachable_warnings(bst: Bst, start: str) -> list[str]:
    seen: set[str] = set()
    order: list[str] = []
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen or name not in bst.functions or name in _GENERIC:
            continue
        seen.add(name)
        order.append(name)
        stack.extend(reversed(list(_calls(bst.functions[name]))))
    messages: list[str] = []
    for name in order:
        for message in _warnings_in(bst.functions[name]):
            if message not in messages and not message.startswith("to sort"):
                messages.append(message)
    return messages


def _evaluate_dispatch(items: Sequence[Item], entry_type: str) -> list[str]:
    """The functions ``presort`` picks for an entry type, evaluating ``type$ "x" =`` tests."""
    stack: list[object] = []
    picked: list[str] = []
    for item in items:
        if isinstance(item, list):
            stack.append(item)
        elif item.kind == "string":
            stack.append(item.text)
        elif item.kind == "quoted":
            stack.append(("call", item.text))
        elif item.text == "type$":
            stack.append(("type",))
        elif item.text == "=" and len(stack) >= 2:
            right, left = stack.pop(), stack.pop()
            if left == ("type",) and isinstance(right, str):
                stack.append(entry_type == right)
            else:
                stack.append(None)
        elif item.text in {"or", "and"} and len(stack) >= 2:
            right, left = stack.pop(), stack.pop()
            if isinstance(left, bool) and isinstance(right, bool):
                stack.append(left or right if item.text == "or" else left and right)
            else:
                stack.append(None)
        elif item.text == "if$" and len(stack) >= 3:
            other, then, condition = stack.pop(), stack.pop(), stack.pop()
            if isinstance(condition, bool):
                branch = then if condition else other
                if isinstance(branch, list):
                    picked.extend(_evaluate_dispatch(branch, entry_type))
                elif isinstance(branch, tuple) and branch[0] == "call":
                    picked.append(branch[1])
        else:
            stack.append(None)
    return picked


def sort_key(bst: Bst, entry_type: str) -> tuple[str, ...]:
    if "presort" not in bst.functions:
        return ()
    for name in _evaluate_dispatch(bst.functions["presort"], entry_type):
        for message in _warnings_in(bst.functions.get(name, [])):
            match = re.match(r"to sort, need (.+?) in", message)
            if match:
                return field_names(match.group(1))
    return ()


@dataclass
class EntryTypeInfo:
    name: str
    required: list[Requirement]
    conflicts: list[Requirement]
    sort_key: tuple[str, ...]
    warnings: list[str]
    alias_of: str | None = None


@dataclass
class StyleInfo:
    name: str
    fields: list[str]
    entry_types: dict[str, EntryTypeInfo]
    fallback: str
    macros: dict[str, str]


def _is_entry_function(body: Sequence[Item]) -> bool:
    first = body[0] if body else None
    return isinstance(first, Token) and first.text == "output.bibitem"


def analyse(name: str, bst: Bst) -> StyleInfo:
    entry_types: dict[str, EntryTypeInfo] = {}
    for function, body in bst.functions.items():
        if _is_entry_function(body):
            entry_types[function] = EntryTypeInfo(
                function,
                requirements(body, "output.check"),
                conflicts(body, bst),
                sort_key(bst, function),
                reachable_warnings(bst, function),
            )
    fallback = ""
    for function, body in bst.functions.items():
        single = body[0] if len(body) == 1 else None
        if not (isinstance(single, Token) and single.text in entry_types):
            continue
        if function == "default.type":
            fallback = single.text
            continue
        target = entry_types[single.text]
        entry_types[function] = EntryTypeInfo(
            function,
            target.required,
            target.conflicts,
            sort_key(bst, function),
            target.warnings,
            alias_of=target.name,
        )
    if not fallback:
        raise SystemExit(f"{name}.bst: no default.type")
    return StyleInfo(name, bst.fields, entry_types, fallback, bst.macros)


# --- writing the module --------------------------------------------------------------


def _words(names: Sequence[str]) -> str:
    lines = textwrap.wrap(" ".join(sorted(names)), width=84, break_on_hyphens=False)
    body = " ".join(f'"{line} "' for line in lines[:-1]) + f' "{lines[-1]}"'
    return f"_words({body.strip()})"


def _tuple(items: Sequence[str]) -> str:
    inner = ", ".join(_str(item) for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _requirement(requirement: Requirement, cls: str) -> str:
    flag = ", without_crossref=True" if requirement.without_crossref else ""
    return f"{cls}({_tuple(requirement.fields)}{flag})"


def render(styles: list[StyleInfo], versions: str) -> str:
    out: list[str] = []
    add = out.append
    names = ", ".join(f"{style.name}.bst" for style in styles)
    add(f'''"""The entry types and required fields of the standard BibTeX styles, as tables.

GENERATED by scripts/extract_bibtex_styles.py from {names}
({versions}): do not edit by hand.
Read from each style's functions: an entry
type is a function that starts an item with ``output.bibitem`` (or only calls one); a
required field is a ``"field" output.check`` in it, which BibTeX reports as "empty
field in key"; ``"author and editor"`` means either will do.  BibTeX prints an entry of
an undefined type with the style's ``default.type``, after "entry type for ... isn't
style-file defined".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "STYLES",
    "Conflict",
    "EntryType",
    "Requirement",
    "Style",
    "entry_type",
]


@dataclass(frozen=True)
class Requirement:
    """Fields of which an entry needs one ("empty author and editor in key" otherwise)."""

    fields: tuple[str, ...]
    #: Checked only without a ``crossref``; with one, the style checks the parent's fields
    #: instead ("need key or journal for ... to crossref ...").
    without_crossref: bool = False


@dataclass(frozen=True)
class Conflict:
    """Fields an entry may not give together ("can't use both author and editor fields")."""

    fields: tuple[str, ...]
    without_crossref: bool = False


@dataclass(frozen=True)
class EntryType:
    """One entry type of a style."""

    name: str
    required: tuple[Requirement, ...]
    conflicts: tuple[Conflict, ...] = ()
    #: One of these is needed to sort the entry ("to sort, need author or key in ...");
    #: empty in a style that does not sort (unsrt).
    sort_key: tuple[str, ...] = ()
    #: Further warnings the type's functions can give, their fixed parts joined by "…".
    warnings: tuple[str, ...] = ()
    #: The type whose function this one calls (``conference`` -> ``inproceedings``).
    alias_of: str | None = None


@dataclass(frozen=True)
class Style:
    """A .bst style: the fields it reads, its entry types, its fallback and its macros."""

    name: str
    fields: frozenset[str]
    entry_types: Mapping[str, EntryType]
    #: ``default.type``: how an entry of an undefined type is printed.
    fallback: str
    macros: Mapping[str, str]


_R, _C = Requirement, Conflict


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

''')
    for style in styles:
        add(f"_{style.name.upper()} = Style(")
        add(f'    "{style.name}",')
        add(f"    {_words(style.fields)},")
        add("    MappingProxyType(")
        add("        {")
        for type_name in sorted(style.entry_types):
            info = style.entry_types[type_name]
            add(f'            "{type_name}": EntryType(')
            add(f'                "{type_name}",')
            required = ", ".join(_requirement(r, "_R") for r in info.required)
            add(f"                ({required}{',' if len(info.required) == 1 else ''}),")
            if info.conflicts:
                conflicts = ", ".join(_requirement(r, "_C") for r in info.conflicts)
                comma = "," if len(info.conflicts) == 1 else ""
                add(f"                conflicts=({conflicts}{comma}),")
            if info.sort_key:
                add(f"                sort_key={_tuple(info.sort_key)},")
            if info.warnings:
                add(f"                warnings={_tuple(info.warnings)},")
            if info.alias_of:
                add(f'                alias_of="{info.alias_of}",')
            add("            ),")
        add("        }")
        add("    ),")
        add(f'    "{style.fallback}",')
        add("    MappingProxyType(")
        add("        {")
        for macro, value in sorted(style.macros.items()):
            add(f'            "{macro}": {_str(value)},')
        add("        }")
        add("    ),")
        add(")")
        add("")
    add("#: The standard styles by name.")
    add("STYLES: Mapping[str, Style] = MappingProxyType(")
    add("    {")
    for style in styles:
        add(f'        "{style.name}": _{style.name.upper()},')
    add("    }")
    add(")")
    add('''

def entry_type(style: str, name: str) -> EntryType | None:
    """The entry type ``name`` of a standard style, or None when the style lacks it."""
    return STYLES[style].entry_types.get(name.lower())
''')
    return "\n".join(out)


def formatted(text: str) -> str:
    """The module as ruff format writes it, so that regenerating it gives the same bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise SystemExit(f"ruff format failed (is ruff installed?): {done.stderr.strip()}")
    return done.stdout


def find(name: str) -> Path:
    done = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"kpsewhich cannot find {name}: is BibTeX installed?")
    return Path(done.stdout.strip())


def bibtex_version() -> str:
    done = subprocess.run(["bibtex", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0] if done.returncode == 0 and done.stdout else "BibTeX"


def read_styles(paths: dict[str, Path]) -> list[StyleInfo]:
    return [
        analyse(name, parse_bst(path.read_text(encoding="latin-1"))) for name, path in paths.items()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bst", nargs="*", type=Path, help="these .bst files (default: kpsewhich)")
    parser.add_argument("--output", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    given = {path.stem: path for path in args.bst}
    paths = {name: given.get(name) or find(f"{name}.bst") for name in STYLES}
    text = formatted(render(read_styles(paths), bibtex_version()))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
