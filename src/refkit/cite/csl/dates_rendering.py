"""cs:date (CSL 1.0.2, "Date"): localized and non-localized dates, date parts and
date ranges."""

from __future__ import annotations

from ..richtext.tree import Source, SourceKind
from .context import RenderContext, finish
from .dates import DateValue, date_sort_key
from .formatting import Node, Rich, is_empty, parse_markup, with_source
from .items import year_suffix_letters
from .locale import Locale
from .style import Affixes, DateNode, DatePart, Style

__all__ = ["DateRenderer"]


class DateRenderer:
    """Renders the cs:date elements of a style with a locale."""

    def __init__(self, style: Style, locale: Locale) -> None:
        self.style = style
        self.locale = locale

    def render(self, el: DateNode, ctx: RenderContext) -> Node | None:
        """Render cs:date: a localized form (the locale's date format with the
        element's date-part overrides) or a non-localized one, ranges collapsed."""
        ctx.called += 1
        if el.variable in ctx.suppressed:
            return None
        d = ctx.item.date(el.variable)
        if d is None:
            return None
        if ctx.tracked is not None:
            ctx.tracked.append(el.variable)
        if ctx.sorting or (d.literal and not d.has_year):
            ctx.rendered += 1
        if ctx.sorting:
            if el.form:
                return date_sort_key(d, el.date_parts)
            return date_sort_key(d, "-".join(p.name for p in el.parts) or "year-month-day")
        if d.literal and not d.has_year:
            literal = with_source(parse_markup(d.literal), Source(SourceKind.VARIABLE, el.variable))
            if not el.form and el.parts:
                # citeproc-js writes a literal date in place of the year date-part, with
                # its affixes and formatting ("(Spring 1972)" for a year part in
                # parentheses); a date without a year part, in its first part's
                part = next((p for p in el.parts if p.name == "year"), el.parts[0])
                literal = finish(literal, part.aff, ctx) or literal
            return finish(literal, el.aff, ctx)
        if el.form:
            lparts, ldelim = self.locale.date_format(el.form)
            overrides = {p.name: p for p in el.parts}
            wanted = el.date_parts.split("-")
            parts: list[DatePart] = []
            for p in lparts:
                if p.name not in wanted:
                    continue
                ov = overrides.get(p.name)
                if ov is not None:
                    aff = Affixes(
                        prefix=p.aff.prefix,
                        suffix=p.aff.suffix,
                        fmt=ov.aff.fmt or p.aff.fmt,
                        text_case=ov.aff.text_case or p.aff.text_case,
                        strip_periods=ov.aff.strip_periods or p.aff.strip_periods,
                    )
                    p = DatePart(
                        name=p.name,
                        aff=aff,
                        form=ov.form or p.form,
                        range_delimiter=ov.range_delimiter
                        if ov.range_delimiter is not None
                        else p.range_delimiter,
                    )
                parts.append(p)
            delim = ldelim
        else:
            parts = el.parts
            delim = el.aff.delimiter or ""
        ctx.date_variable = el.variable
        body = self._date_body(d, parts, delim, ctx)
        if body is None:
            return None
        body = with_source(body, Source(SourceKind.VARIABLE, el.variable))
        ctx.rendered += 1
        aff = el.aff
        if aff.delimiter is not None:
            aff = Affixes(
                prefix=aff.prefix,
                suffix=aff.suffix,
                fmt=aff.fmt,
                quotes=aff.quotes,
                strip_periods=aff.strip_periods,
                text_case=aff.text_case,
                display=aff.display,
            )
        return finish(body, aff, ctx)

    def _date_body(
        self, d: DateValue, parts: list[DatePart], delim: str, ctx: RenderContext
    ) -> Node | None:
        start = d.start
        end = d.end
        if end is not None and ((end == start and d.season == d.end_season) or end == (0, 0, 0)):
            end = None
        present = [p for p in parts if self._part_value(p.name, start, d) is not None]
        if not present:
            return None
        if end is None:
            items: list[Node] = []
            for p in present:
                r = self._date_part(p, start, d, ctx, season=d.season)
                if r is not None:
                    items.append(r)
            out = _join_delim(items, delim)
            if d.open_end and out is not None:
                rd = next((p.range_delimiter for p in present if p.name == "year"), None)
                return Rich([out, rd if rd is not None else "\u2013"])
            return out
        # range
        names = [p.name for p in present]
        diff = ""
        for nm, a, b in (
            ("year", start[0], end[0]),
            ("month", start[1], end[1]),
            ("day", start[2], end[2]),
        ):
            if nm in names and a != b:
                diff = nm
                break
        if not diff:
            if d.season != d.end_season and d.end_season and "month" in names:
                diff = "month"
            else:
                items = [r for p in present if (r := self._date_part(p, start, d, ctx, d.season))]
                return _join_delim(items, delim)
        if diff == "year":
            rng = present
        elif diff == "month":
            rng = [p for p in present if p.name in ("month", "day")]
        else:
            rng = [p for p in present if p.name == "day"]
        rd = next((p.range_delimiter for p in present if p.name == diff), None)
        if rd is None:
            rd = "\u2013"
        first_i = present.index(rng[0])
        last_i = present.index(rng[-1])
        items = []
        for i, p in enumerate(present):
            if i < first_i or i > last_i:
                r = self._date_part(p, start, d, ctx, d.season)
                if r is not None:
                    items.append(r)
                continue
            if i != first_i:
                continue
            left: list[Node] = []
            right: list[Node] = []
            for j, q in enumerate(rng):
                # an implicit year suffix goes after the range's last year ("1859–1862a",
                # citeproc-js), so the first year is rendered as if it were placed
                done = ctx.year_suffix_done
                if q.name == "year":
                    ctx.year_suffix_done = True
                pa = self._date_part(q, start, d, ctx, d.season, no_suffix=j == len(rng) - 1)
                ctx.year_suffix_done = done
                pb = self._date_part(q, end, d, ctx, d.end_season, no_prefix=j == 0)
                if pa is not None:
                    left.append(pa)
                if pb is not None:
                    right.append(pb)
            lj = _join_delim(left, delim)
            rj = _join_delim(right, delim)
            items.append(Rich([lj or "", rd, rj or ""]))
        return _join_delim(items, delim)

    def _part_value(self, name: str, t: tuple[int, int, int], d: DateValue) -> int | None:
        y, m, dd = t
        if name == "year":
            return y if y else None
        if name == "month":
            if m:
                return m
            if d.season or d.season_text:
                return 0
            return None
        if name == "day":
            return dd if dd and m else None
        return None

    def _date_part(
        self,
        p: DatePart,
        t: tuple[int, int, int],
        d: DateValue,
        ctx: RenderContext,
        season: int = 0,
        no_prefix: bool = False,
        no_suffix: bool = False,
    ) -> Node | None:
        y, m, dd = t
        text: str
        if p.name == "year":
            if not y:
                return None
            text = f"{abs(y) % 100:02d}" if p.form == "short" else str(abs(y))
            if y < 0:
                text += self.locale.term("bc") or "BC"
            elif y < 1000:
                text += self.locale.term("ad") or "AD"
            if (
                ctx.state.year_suffix
                and not self.style.uses_year_suffix
                and not ctx.year_suffix_done
                and ctx.citation is not None
            ):
                ctx.year_suffix_done = True
                text += year_suffix_letters(ctx.state.year_suffix)
        elif p.name == "month":
            if not m:
                if season:
                    text = self.locale.term(f"season-{season:02d}") or ""
                elif d.season_text:
                    text = d.season_text
                else:
                    return None
            else:
                form = p.form or "long"
                if form == "numeric":
                    text = str(m)
                elif form == "numeric-leading-zeros":
                    text = f"{m:02d}"
                else:
                    text = self.locale.term(f"month-{m:02d}", form) or str(m)
        elif p.name == "day":
            if not dd or not m:
                return None
            form = p.form or "numeric"
            if form == "numeric-leading-zeros":
                text = f"{dd:02d}"
            elif form == "ordinal":
                if dd != 1 and self.locale.limit_day_ordinals:
                    text = str(dd)
                else:
                    gender = self.locale.gender(f"month-{m:02d}")
                    text = f"{dd}{self.locale.ordinal_suffix(dd, gender)}"
            else:
                text = str(dd)
        else:
            return None
        aff = p.aff
        if no_prefix or no_suffix:
            aff = Affixes(
                prefix="" if no_prefix else aff.prefix,
                suffix="" if no_suffix else aff.suffix,
                fmt=aff.fmt,
                text_case=aff.text_case,
                strip_periods=aff.strip_periods,
            )
        source = Source(SourceKind.VARIABLE, ctx.date_variable, part=p.name)
        return finish(with_source(text, source), aff, ctx)


def _join_delim(items: list[Node], delim: str) -> Node | None:
    items = [i for i in items if not is_empty(i)]
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    out: list[Node] = []
    for i, it in enumerate(items):
        if i and delim:
            out.append(delim)
        out.append(it)
    return Rich(out)
