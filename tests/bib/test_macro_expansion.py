"""@string expansion: every macro expanded once, the result bounded, cycles cut."""

from __future__ import annotations

import time

import refkit
from refkit.bib.values import MAX_EXPANSION, MacroExpander


def _resolved(text: str, name: str = "title") -> str:
    found = refkit.loads(text).entries[0].field(name)
    assert found is not None
    return found.resolved


def test_self_referencing_macro_stays_as_its_name() -> None:
    """``@string{c = c # c # c # c}`` is a cycle: ``c`` stays as its name, at once."""
    text = "@string{c = c # c # c # c}\n@misc{k, title = c, author = c}\n"
    entry = refkit.loads(text).entries[0]
    assert entry.field("title").resolved  # type: ignore[union-attr] == "c"
    assert entry.field("author").text  # type: ignore[union-attr] == "c"


def test_doubling_chain_longer_than_the_bound_stays_as_its_name() -> None:
    """A chain of doublings past ``MAX_EXPANSION`` leaves the macro unexpanded; the
    macros below the bound still expand."""
    lines = ['@string{a0 = "xy"}']
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 60)]
    text = "\n".join(lines) + "\n@misc{k, title = a59 # a3}\n"
    assert _resolved(text) == "a59" + "xy" * 8


def test_chain_of_empty_macros_costs_its_definitions() -> None:
    """Exponentially many empty pieces are not enumerated: each macro is expanded once."""
    lines = ["@string{a0 = {}}"]
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1} # a{i - 1}}}" for i in range(1, 80)]
    text = "\n".join(lines) + "\n@misc{k, title = {<} # a79 # {>}}\n"
    started = time.process_time()
    assert _resolved(text) == "<>"
    assert time.process_time() - started < 1.0


def test_long_chain_expands_without_recursion() -> None:
    """A chain of 3,000 macros, each using the one before, expands fully."""
    lines = ['@string{m0 = "s"}']
    lines += [f'@string{{m{i} = m{i - 1} # "x"}}' for i in range(1, 3000)]
    text = "\n".join(lines) + "\n@misc{k, title = m2999}\n"
    assert _resolved(text) == "s" + "x" * 2999


def test_mutual_cycle_stays_unexpanded_whichever_is_resolved_first() -> None:
    """A cycle a -> b -> a leaves both names, independent of resolution order."""
    text = "@string{a = b # {1}}\n@string{b = a # {2}}\n@string{c = {ok}}\n"
    macros = refkit.loads(text).macros
    first = MacroExpander(macros)
    assert (first.resolve("a"), first.resolve("b")) == ("a", "b")
    second = MacroExpander(macros)
    assert (second.resolve("b"), second.resolve("a"), second.resolve("c # a")) == (
        "b",
        "a",
        "oka",
    )


def test_ordinary_macros_and_months_expand_as_before() -> None:
    """Macros, months, numbers and literals concatenate as BibTeX does."""
    text = '@string{un = "United Nations"}\n@misc{k, title = un # { Journal, } # jan # 12}\n'
    assert _resolved(text) == "United Nations Journal, January12"


def test_expansion_at_the_bound_is_kept() -> None:
    """An expansion of exactly ``MAX_EXPANSION`` characters is still expanded."""
    expander = MacroExpander({"big": "{" + "x" * MAX_EXPANSION + "}"})
    assert len(expander.resolve("big")) == MAX_EXPANSION
    assert MacroExpander({"big": "{" + "x" * (MAX_EXPANSION + 1) + "}"}).resolve("big") == "big"
