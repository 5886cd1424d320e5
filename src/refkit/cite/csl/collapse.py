"""Cite grouping and collapsing (citation-number, year, year-suffix, ranged)."""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import Node, Rich, plain_text

__all__ = ["CiteOut", "collapse_cites"]


@dataclass(slots=True)
class CiteOut:
    """One rendered cite with what collapsing needs to know about it."""

    node: Node
    author: str = ""
    rest: Node | None = None
    rest_key: str = ""
    number: int = 0
    suffix_letter: str = ""
    plain_cite: bool = True  # no locator / prefix / suffix
    #: may a range run on past this cite (no suffix, no locator shown) / into it (no
    #: prefix, no locator shown); None: as plain_cite
    runs_on: bool | None = None
    runs_into: bool | None = None
    no_delim: bool = False  # prefix starts with punctuation: no delimiter before
    #: the cite renders nothing once its author is collapsed away (no date, say):
    #: citeproc-js then drops it from the collapsed group (AuthorCollapseNoDateSorted)
    rest_empty: bool = False


def _join(nodes: list[Node], delims: list[str]) -> Node:
    out: list[Node] = []
    for i, n in enumerate(nodes):
        if i:
            d = delims[i - 1]
            if d[:1] in _PUNCT and plain_text(nodes[i - 1])[-1:] in ",;:":
                d = d.lstrip(_PUNCT)
            out.append(d)
        out.append(n)
    return Rich(out)


_PUNCT = ",.;:!?"


def _runs(a: CiteOut, b: CiteOut) -> bool:
    """Whether a citation-number range may run from cite ``a`` into cite ``b``."""
    on = a.plain_cite if a.runs_on is None else a.runs_on
    into = b.plain_cite if b.runs_into is None else b.runs_into
    return on and into


def collapse_cites(
    cites: list[CiteOut],
    mode: str,
    delimiter: str,
    group_delim: str | None,
    after_collapse: str | None,
    year_suffix_delim: str | None,
    regroup: bool = False,
) -> Node:
    """Join cites applying the cs:citation ``collapse`` rules."""
    if not cites:
        return ""
    after = after_collapse if after_collapse is not None else delimiter
    if mode == "citation-number":
        nodes: list[Node] = []
        delims: list[str] = []
        prev_range = False
        i = 0
        while i < len(cites):
            j = i
            while (
                j + 1 < len(cites)
                and _runs(cites[j], cites[j + 1])
                and cites[j].number
                and cites[j + 1].number == cites[j].number + 1
            ):
                j += 1
            if nodes:
                delims.append(after if prev_range else delimiter)
            if j - i >= 2:
                nodes.append(Rich([cites[i].node, "\u2013", cites[j].node]))
                prev_range = True
                i = j + 1
            else:
                nodes.append(cites[i].node)
                prev_range = False
                i += 1
        return _join(nodes, delims)
    # author-based grouping
    gdelim = group_delim if group_delim is not None else ", "
    groups: list[list[CiteOut]] = []
    for c in cites:
        if c.author and regroup:
            target = next((g for g in groups if g[0].author == c.author), None)
            if target is not None:
                target.append(c)
                continue
        elif c.author and groups and groups[-1][0].author == c.author:
            groups[-1].append(c)
            continue
        groups.append([c])
    nodes = []
    delims = []
    prev_collapsed = False
    for g in groups:
        if nodes:
            if g[0].no_delim:
                delims.append("")
            elif mode and prev_collapsed:
                delims.append(after)
            else:
                delims.append(delimiter)
        if len(g) == 1 or not mode:
            if len(g) > 1:
                nodes.append(_join([c.node for c in g], [gdelim] * (len(g) - 1)))
            else:
                nodes.append(g[0].node)
            prev_collapsed = False
            continue
        parts: list[Node] = [g[0].node]
        pdelims: list[str] = []
        k = 1
        last_full = g[0]
        ysd = (
            year_suffix_delim
            if year_suffix_delim is not None
            else (group_delim if group_delim is not None else delimiter)
        )
        while k < len(g):
            c = g[k]
            if (
                mode in ("year-suffix", "year-suffix-ranged")
                and c.suffix_letter
                and last_full.suffix_letter
                and c.rest_key == last_full.rest_key
                and c.plain_cite
                and g[k - 1].plain_cite
            ):
                # run of suffixes
                run = [c]
                while (
                    k + len(run) < len(g)
                    and g[k + len(run)].suffix_letter
                    and g[k + len(run)].rest_key == last_full.rest_key
                    and g[k + len(run)].plain_cite
                ):
                    run.append(g[k + len(run)])
                letters = [last_full.suffix_letter] + [r.suffix_letter for r in run]
                if mode == "year-suffix-ranged":
                    segs = _ranges(letters)
                    # first segment starts with the already rendered full cite
                    first_seg = segs[0]
                    if len(first_seg) >= 3:
                        parts.append("\u2013")
                        parts.append(first_seg[-1])
                        pdelims.append("")
                        pdelims.append("")
                    else:
                        for letter in first_seg[1:]:
                            pdelims.append(ysd)
                            parts.append(letter)
                    for seg in segs[1:]:
                        pdelims.append(ysd)
                        if len(seg) >= 3:
                            parts.append(seg[0] + "\u2013" + seg[-1])
                        else:
                            parts.append(seg[0])
                            for letter in seg[1:]:
                                pdelims.append(ysd)
                                parts.append(letter)
                else:
                    for r in run:
                        pdelims.append(ysd)
                        parts.append(r.suffix_letter)
                k += len(run)
                continue
            if c.rest_empty:
                k += 1
                continue
            after_run = k > 1 and g[k - 1].suffix_letter and g[k - 1] is not last_full
            prev_loc = not g[k - 1].plain_cite and after_collapse is not None
            pdelims.append(after if after_run or prev_loc else gdelim)
            parts.append(c.rest if c.rest is not None else c.node)
            last_full = c
            k += 1
        nodes.append(_join(parts, pdelims))
        prev_collapsed = True
    return _join(nodes, delims)


def _ranges(letters: list[str]) -> list[list[str]]:
    segs: list[list[str]] = [[letters[0]]]
    for a in letters[1:]:
        prev = segs[-1][-1]
        if len(a) == 1 and len(prev) == 1 and ord(a) == ord(prev) + 1:
            segs[-1].append(a)
        else:
            segs.append([a])
    return segs
