"""Dates family (RK5xx): years, biblatex ISO 8601/EDTF dates, months, dates in the future."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from refkit.bib.model import Delimiter, Entry, Field
from refkit.bib.months import MONTH_NUMBERS, month_macro
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.index import entry_fields, plain_value
from refkit.lint.rules.base import (
    CheckContext,
    DataModel,
    EntryRule,
    Rule,
    set_field_fix,
    set_raw_fix,
)

_YEAR = re.compile(r"\d{4}")
#: Words that stand in for a year; biblatex wants them in ``pubstate``, not reported here.
_YEAR_WORDS = frozenset(
    {"n.d.", "nd", "n. d.", "forthcoming", "in press", "inpress", "to appear", "submitted",
     "in preparation", "accepted", "unpublished", "?", "????", "-"}
)
#: The btxdoc sorting trick ``{\noopsort{1973c}}1981``: only the printed year counts.
_NOOPSORT = re.compile(r"\{?\\noopsort\s*\{[^{}]*\}\}?")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})

#: The biblatex date fields (biblatex manual §2.3.8).
DATE_FIELDS = ("date", "urldate", "origdate", "eventdate")

_EDTF_YEAR = r"(?:-?(?:\d{4}|\d{3}X|\d{2}XX)|Y-?\d{5,})"
_EDTF_MONTH = r"(?:0[1-9]|1[0-2]|2[1-4]|XX)"
_EDTF_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_EDTF_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)"
_EDTF_DATE = (
    rf"[?~%]?{_EDTF_YEAR}(?:-{_EDTF_MONTH}(?:-{_EDTF_DAY}{_EDTF_TIME}?)?)?[?~%]?"
)
_EDTF = re.compile(rf"(?:{_EDTF_DATE})?(?:/(?:{_EDTF_DATE}|\.\.)?)?|\.\./{_EDTF_DATE}")
_FULL_DATE = re.compile(r"(-?\d{4})-(\d{2})-(\d{2})")


def _value(field: Field) -> str:
    """The field's value with macros expanded when it is not a plain braced string."""
    raw = field.raw
    if raw[:1] in '{"' and "#" not in raw:
        return plain_value(field).strip(" {}")
    return field.resolved.strip(" {}")


#: Marks of an unknown year, which biber drops and there is nothing to write instead.
_UNKNOWN_YEAR = frozenset({"?", "???", "????", "-"})


class InvalidYear(EntryRule):
    """The year is not a four-digit number, which biber needs for sorting and labels.

    Put ranges and approximations in biblatex's ``date`` and publication states
    (forthcoming, in press) in ``pubstate``.  Under biblatex a year that is not a number
    at all is dropped by biber ("legacy year field ... is not an integer", "Invalid value
    of field 'year' must be datatype 'datepart' - ignoring field"), so BibTeX's sorting
    trick ``{\\noopsort{1973c}}1981`` and words such as ``in press`` are reported there
    too; under BibTeX they print as written and are left alone.

    Bad:  year = {2O14}
    Good: year = {2014}
    """

    code = "RK501"
    name = "invalid-year"
    severity = Severity.WARNING
    fixable = True
    family = "dates"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        item = entry_fields(context, entry).get("year")
        if item is None:
            return
        written = _value(item)
        value = _NOOPSORT.sub("", written).strip(" {}")
        if context.data_model is DataModel.BIBLATEX and written and not written.isdecimal():
            message = self._dropped_by_biber(plain_value(item).strip(), written, value)
            if message is not None:
                yield self.diagnostic(
                    context, message, entry=entry, block_index=block_index, field=item
                )
                return
        if not value or _YEAR.fullmatch(value) or value.lower() in _YEAR_WORDS:
            return
        if "\\" in value:
            return  # a sorting or formatting macro trick ({\switchargs...}): left to the author
        fix = None
        repaired = value.translate(_LOOKALIKE)
        if repaired != value and _YEAR.fullmatch(repaired):
            fix = set_field_fix(
                f"write the year as {repaired}", block_index, entry, item, repaired, safe=False
            )
        yield self.diagnostic(
            context,
            f"the year {value!r} is not a four-digit number",
            entry=entry,
            block_index=block_index,
            field=item,
            fix=fix,
        )

    @staticmethod
    def _dropped_by_biber(shown: str, written: str, value: str) -> str | None:
        """Why biber drops a year that is no number, or None where the four-digit check
        below says it (or, for an unknown-year mark, nothing is to be said)."""
        if value in _UNKNOWN_YEAR or written in _UNKNOWN_YEAR:
            return None
        if value != written and _YEAR.fullmatch(value):
            return (
                f"the year {shown!r} uses BibTeX's \\noopsort sorting trick, which biber "
                f"ignores with the year: write year = {{{value}}} and sort with sortyear "
                "or sortkey"
            )
        if value.lower() in _YEAR_WORDS:
            return (
                f"the year {value!r} is a publication state, which biber ignores as a year:"
                " biblatex wants it in pubstate"
            )
        if "\\" in value:
            return f"the year {shown!r} is not a number: biber ignores it"
        return None


def is_edtf(value: str) -> bool:
    """Whether a value is a date biblatex accepts (ISO 8601-2 / EDTF level 0 and 1 subset)."""
    if not value or value == "/" or _EDTF.fullmatch(value) is None:
        return False
    for match in _FULL_DATE.finditer(value):
        year, month, day = (int(part) for part in match.groups())
        if month <= 12 and 1 <= abs(year) <= 9999:
            try:
                datetime.date(abs(year), month, day)
            except ValueError:
                return False
    return True


class InvalidDate(EntryRule):
    """A biblatex date field is not an ISO 8601 / EDTF date, so biber drops it.

    Accepted: YYYY, YYYY-MM, YYYY-MM-DD, ranges with ``/``, open ranges (``2020/``,
    ``2020/..``), uncertain ``?``, approximate ``~``, both ``%``, unspecified ``X``.

    Bad:  date = {15 March 2020}
    Good: date = {2020-03-15}
    """

    code = "RK502"
    name = "invalid-date"
    severity = Severity.ERROR
    family = "dates"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        fields = entry_fields(context, entry)
        for item in (fields[name] for name in DATE_FIELDS if name in fields):
            value = _value(item).replace(" ", "")
            if value and not is_edtf(value):
                yield self.diagnostic(
                    context,
                    f"{item.name} {_value(item)!r} is not an ISO 8601 date (YYYY-MM-DD,"
                    " ranges with /)",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )


_MONTH_NUMBER = re.compile(r"0?[1-9]|1[0-2]")


def month_number(text: str) -> int | None:
    """The month a written form names (``Sept.``, ``September``, ``sep``, ``9``), or None."""
    word = text.strip(" .{}").lower()
    if _MONTH_NUMBER.fullmatch(word):
        return int(word)
    return MONTH_NUMBERS.get(word)


class NonstandardMonth(EntryRule):
    """The month is not written the way the data model wants it.

    BibTeX styles expect the macros ``jan`` .. ``dec`` (unbraced), which they print in
    the style's language and abbreviation; biblatex wants an integer 1-12 (or a macro).
    The fix writes the macro (BibTeX) or the integer (biblatex); it is safe when the
    month is a name or abbreviation of exactly one month, unsafe for a BibTeX number
    such as ``{09}``, which the style would print as written.

    Bad:  month = {Sept.}
    Good: month = sep   (BibTeX)   or   month = {9}   (biblatex)
    """

    code = "RK503"
    name = "nonstandard-month"
    severity = Severity.WARNING
    fixable = True
    family = "dates"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        item = entry_fields(context, entry).get("month")
        if item is None:
            return
        raw = item.raw
        biblatex = context.data_model is not DataModel.BIBTEX
        if raw[:1] not in '{"':
            delimiter = item.delimiter
            if delimiter is Delimiter.BARE:
                return  # a macro or a number
            if delimiter is Delimiter.CONCATENATION and not biblatex:
                return  # jan # "~15" or jan # "/" # feb: a BibTeX idiom
            yield self._report(context, block_index, entry, item, None, biblatex)
            return
        value = plain_value(item).strip()
        number = month_number(value)
        if number is not None and _MONTH_NUMBER.fullmatch(value.strip("{} ")):
            if biblatex:
                return
            if not item.value.strip("{} ").startswith("0"):
                return  # a number in braces: printed as is by BibTeX styles; fine
        if not value or not value.strip("?"):
            return  # RK103 reports empty fields; "????" marks an unknown month
        yield self._report(context, block_index, entry, item, number, biblatex)

    def _report(
        self,
        context: CheckContext,
        block_index: int,
        entry: Entry,
        item: Field,
        number: int | None,
        biblatex: bool,
    ) -> Diagnostic:
        wanted = "an integer 1-12" if biblatex else "a macro jan..dec"
        fix = None
        if number is not None and biblatex:
            fix = set_field_fix(
                f"write the month as {number}", block_index, entry, item, str(number), safe=True
            )
        elif number is not None:
            suggestion = month_macro(number)
            wanted = f"the macro {suggestion} (month = {suggestion}, no braces)"
            # A name or abbreviation names one month, and the macro only changes how the
            # style prints it; a number ({09}) is printed as written, so replacing it
            # with a name changes the output: the author should choose.
            numeric = _MONTH_NUMBER.fullmatch(plain_value(item).strip(" .{}")) is not None
            fix = set_raw_fix(
                f"write the month as the macro {suggestion}, without braces",
                block_index,
                entry,
                item,
                suggestion,
                safe=not numeric,
            )
        return self.diagnostic(
            context,
            f"the month {item.raw!r} should be {wanted}",
            entry=entry,
            block_index=block_index,
            field=item,
            fix=fix,
        )


_LEADING_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class FutureDate(EntryRule):
    """The year or date lies after today.

    Usually a typo (2102 for 2012) or a forthcoming work that should say so in pubstate.

    Bad:  year = {2102}
    Good: year = {2012}
    """

    code = "RK504"
    name = "future-date"
    severity = Severity.WARNING
    family = "dates"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        today = context.today
        fields = entry_fields(context, entry)
        for key in ("year", "date", "urldate", "origdate"):
            item = fields.get(key)
            if item is None:
                continue
            value = _value(item)
            match = _LEADING_DATE.match(value)
            if match is None or (key == "year" and match.end() != len(value)):
                continue
            year = int(match.group(1))
            if year > today.year:
                when = str(year)
            elif year == today.year and match.group(2) and self._after(match, today):
                when = match.group()
            else:
                continue
            yield self.diagnostic(
                context,
                f"{item.name} {when} is in the future (today is {today.isoformat()})",
                entry=entry,
                block_index=block_index,
                field=item,
            )

    @staticmethod
    def _after(match: re.Match[str], today: datetime.date) -> bool:
        month = int(match.group(2))
        if month > 12:
            return False
        if month != today.month:
            return month > today.month
        return bool(match.group(3)) and int(match.group(3)) > today.day


def rules() -> list[Rule]:
    return [InvalidYear(), InvalidDate(), NonstandardMonth(), FutureDate()]
