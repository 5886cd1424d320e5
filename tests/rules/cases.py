"""Per-rule cases as data: a bad text with the lines it is reported at, and a good text.

``fixed`` is the whole bad text after the fix engine applied the rule's fixes (the unsafe
ones too when ``safe`` is false), like sqlfluff's ``fix_str``; every rule that proposes
fixes has a case with one.  ``corrections`` are extra corrections lists (file names in
this folder) for the known-errors family, whose shipped list has none of some kinds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One rule case."""

    code: str
    label: str
    bad: str
    lines: tuple[int, ...]
    good: str
    model: str = "auto"
    key_pattern: str | None = None
    fixed: str | None = None
    #: Whether the fixes the bad text gets are safe.
    safe: bool = True
    corrections: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.code}-{self.label}"


CASES: list[Case] = [
    # -- structure ------------------------------------------------------------------
    Case(
        "RK101",
        "webpage",
        "@webpage{a,\n  title = {T},\n}\n",
        (1,),
        "@online{a,\n  title = {T},\n}\n",
        model="biblatex",
    ),
    Case(
        "RK101",
        "types-plain-bst-lacks-under-bibtex",
        "@online{a, title = {T}}\n@article{b, title = {T}}\n@foo{c, title = {T}}\n",
        (1, 3),
        "@misc{a, title = {T}}\n@conference{b, title = {T}}\n",
        model="bibtex",
    ),
    Case(
        "RK102",
        "article-without-journal-bibtex",
        "@article{a,\n  author = {Smith, Ann},\n  title = {T},\n  year = 2020,\n}\n",
        (1,),
        "@article{a,\n  author = {Smith, Ann},\n  title = {T},\n  journal = {J},\n"
        "  year = 2020,\n}\n",
        model="bibtex",
    ),
    Case(
        "RK102",
        "biblatex-aliases-count",
        "@report{a,\n  author = {Smith, Ann},\n  title = {T},\n  institution = {UN},\n"
        "  date = {2020},\n}\n@online{b, title = {T}, year = 2020, author = {X}}\n",
        (1, 7),
        "@article{a, author = {Smith, Ann}, title = {T}, journal = {J}, year = 2020}\n"
        "@techreport{b, author = {S}, title = {T}, school = {U}, date = {2020}}\n"
        "@online{c, editor = {E}, title = {T}, date = {2020}, doi = {10.1000/x}}\n",
        model="biblatex",
    ),
    Case(
        "RK102",
        "crossref-parent-fields-count",
        "@inproceedings{a, author = {A}, title = {T}, crossref = {p}}\n"
        "@proceedings{p, editor = {E}, year = 2020}\n",
        # plain.bst checks a crossref'd entry's booktitle and year in its parent only
        (2,),
        "@inproceedings{a, author = {A}, title = {T}, crossref = {p}}\n"
        "@proceedings{p, title = {Proc}, year = 2020}\n",
        model="bibtex",
    ),
    Case(
        "RK103",
        "empty-braces-and-quotes",
        '@misc{a,\n  title = {T},\n  note = {},\n  publisher = "  ",\n}\n',
        (3, 4),
        "@misc{a,\n  title = {T},\n  note = {-},\n}\n",
        fixed="@misc{a,\n  title = {T},\n}\n",
    ),
    Case(
        "RK104",
        "case-insensitive-repeat",
        "@misc{a,\n  Author = {Smith, Ann},\n  title = {T},\n  author = {Smith, A.},\n}\n",
        (4,),
        "@misc{a,\n  author = {Smith, Ann},\n  title = {T},\n}\n",
    ),
    Case(
        "RK104",
        "same-value-repeated",
        "@misc{a,\n  title = {T},\n  year = 2020,\n  Title = { T },\n}\n",
        (4,),
        "@misc{a,\n  title = {T},\n  year = 2020,\n}\n",
        fixed="@misc{a,\n  title = {T},\n  year = 2020,\n}\n",
    ),
    Case(
        "RK105",
        "typo",
        "@misc{a,\n  autor = {Smith, Ann},\n  title = {T},\n}\n",
        (2,),
        "@misc{a,\n  author = {Smith, Ann},\n  title = {T},\n  abstract = {x},\n"
        "  mendeley-tags = {x},\n  bdsk-url-1 = {x},\n  author+an = {1=corresponding},\n}\n",
    ),
    Case(
        "RK102",
        "blank-is-missing-an-empty-group-is-a-value",
        "@article{a, author = {A}, title = { }, journal = {J}, year = 2000}\n",
        (1,),
        "@article{a, author = {A}, title = {{}}, journal = {J}, year = 2000}\n",
        model="bibtex",
    ),
    Case(
        "RK102",
        "biblatex-data-model-mandatory-fields",
        "@book{a, editor = {E}, title = {T}, date = 2020}\n"
        "@incollection{b, author = {A}, title = {T}, booktitle = {B}, year = 2020}\n"
        "@webpage{c, author = {A}, url = {https://un.org}}\n",
        (1, 2, 3, 3),
        "@collection{a, editor = {E}, title = {T}, date = 2020}\n"
        "@incollection{b, author = {A}, editor = {E}, title = {T}, booktitle = {B}, year = 2020}\n"
        "@inproceedings{d, author = {A}, title = {T}, crossref = {p}}\n"
        "@proceedings{p, title = {P}, booktitle = {P}, year = 2020}\n",
        model="biblatex",
    ),
    Case(
        "RK106",
        "publisher-on-article-isbn-on-techreport",
        "@article{a,\n  author = {A},\n  title = {T},\n  journal = {J},\n  year = 2020,\n"
        "  publisher = {P},\n}\n"
        "@techreport{b, author = {A}, title = {T}, institution = {I}, year = 2020,\n"
        "  isbn = {978-3-16-148410-0}}\n",
        (6, 9),
        "@article{a, author = {A}, title = {T}, journal = {J}, year = 2020, issn = {0028-0836},\n"
        "  bibsource = {dblp}, day = 3, urldate = {2020-01-01}}\n"
        "@techreport{b, author = {A}, title = {T}, institution = {I}, year = 2020,\n"
        "  number = {7}, address = {Geneva}}\n"
        "@legislation{c, shorttitle = {T}, date = 2000}\n",
        model="biblatex",
    ),
    Case(
        "RK107",
        "institution-and-publisher",
        "@report{a,\n  institution = {United Nations Office on Drugs and Crime},\n"
        "  publisher = {Farrar, Straus and Giroux},\n}\n",
        (2, 3),
        "@report{a,\n  institution = {{United Nations Office on Drugs and Crime}},\n"
        "  publisher = {Farrar, {Straus and Giroux}},\n  location = {New York {and} London},\n"
        "  note = {Drugs and Crime},\n  author = {A and B},\n}\n",
        model="biblatex",
        fixed="@report{a,\n  institution = {{United Nations Office on Drugs and Crime}},\n"
        "  publisher = {Farrar, {Straus and Giroux}},\n}\n",
        safe=False,
    ),
    Case(
        "RK108",
        "legislation-and-jurisdiction",
        "@legislation{a, title = {An Act}, date = 2000}\n"
        "@jurisdiction{b, title = {A v. B}, date = 2000}\n",
        (1, 2),
        "@misc{a, title = {An Act}, date = 2000}\n@techreport{b, title = {T}}\n"
        "@reference{c, title = {T}}\n",
        model="biblatex",
    ),
    Case(
        "RK109",
        "roman-and-lettered-volumes",
        "@book{a, volume = {IV}}\n@book{b, volume = {12a}}\n@book{c, volumes = {2--3}}\n",
        (1, 2, 3),
        "@book{a, volume = {4}}\n@book{b, volume = 12, part = {a}}\n@book{c, volumes = { 3 }}\n"
        "@book{d, volume = {-1}}\n",
        model="biblatex",
    ),
    # -- keys -----------------------------------------------------------------------
    Case(
        "RK201",
        "exact-and-case-only",
        "@misc{smith2020, title = {A}}\n@misc{smith2020, title = {B}}\n"
        "@misc{Smith2020, title = {C}}\n",
        (2, 3),
        "@misc{smith2020a, title = {A}}\n@misc{smith2020b, title = {B}}\n",
    ),
    Case(
        "RK202",
        "hash-percent-parenthesis",
        "@misc{smith#2020, title = {A}}\n@misc{a(b), title = {B}}\n@misc{a~b, title = {B}}\n",
        (1, 2, 3),
        "@misc{smith:2020, title = {A}}\n@misc{smith_2020-a/b.c, title = {B}}\n",
    ),
    Case(
        "RK203",
        "umlaut",
        "@misc{müller2020, title = {A}}\n",
        (1,),
        "@misc{mueller2020, title = {A}}\n",
    ),
    Case(
        "RK204",
        "pattern",
        "@misc{paper1, title = {A}}\n@misc{smith2020, title = {A}}\n",
        (1,),
        "@misc{smith2020, title = {A}}\n",
        key_pattern="[a-z]+[0-9]{4}[a-z]?",
    ),
    Case(
        "RK205",
        "no-key",
        "@misc{\n  ,title = {A}}\n",
        (1,),
        "@misc{a, title = {A}}\n",
    ),
]

CASES += [
    # -- identifiers ----------------------------------------------------------------
    Case(
        "RK301",
        "not-a-doi",
        "@misc{a,\n  doi = {j.desal.2005.02.017},\n}\n"
        "@misc{b,\n  doi = {0.1088/0957-4484/22},\n}\n",
        (2, 5),
        "@misc{a,\n  doi = {10.1016/j.desal.2005.02.017},\n}\n"
        "@misc{b, doi = {https://doi.org/10.1088/0957-4484/22}}\n"
        "@misc{c, doi = {10.1002/(SICI)1097-4636(199603)31:3<273::AID-JBM1>3.0.CO;2-P}}\n"
        "@misc{d, doi = {10.1000/a\\_b}}\n",
    ),
    Case(
        "RK302",
        "resolver-url",
        "@misc{a,\n  doi = {https://doi.org/10.1111/abc.123},\n}\n"
        "@misc{b,\n  doi = {doi: 10.1016/j.x.2006.01.004},\n}\n"
        "@misc{c,\n  doi = \"http://dx.doi.org/10.1016/j.artint.2013.11.002\",\n}\n",
        (2, 5, 8),
        "@misc{a,\n  doi = {10.1111/abc.123},\n}\n",
        fixed=(
            "@misc{a,\n  doi = {10.1111/abc.123},\n}\n"
            "@misc{b,\n  doi = {10.1016/j.x.2006.01.004},\n}\n"
            "@misc{c,\n  doi = \"10.1016/j.artint.2013.11.002\",\n}\n"
        ),
    ),
    Case(
        "RK303",
        "check-digit-and-length",
        "@book{a,\n  isbn = {978-0-306-40615-6},\n}\n@book{b,\n  isbn = {0-306-4061-2},\n}\n",
        (2, 5),
        "@book{a, isbn = {978-0-306-40615-7}}\n@book{b, isbn = {0-306-40615-2 (pbk.)}}\n"
        "@book{c, isbn = {ISBN 0-306-40615-2; 9780306406157}}\n",
    ),
    Case(
        "RK303",
        "no-isbn-in-the-field",
        "@book{a,\n  isbn = {doi:10.1063/1.1703009},\n}\n"
        "@book{b,\n  isbn = {1098-0121\\textbackslash{}r1550-235X},\n}\n"
        "@book{c,\n  isbn = {97803064061570306406152},\n}\n",
        (2, 5, 8),
        "@book{a, isbn = {ISBN:978-0-306-40615-7}}\n"
        "@book{b, isbn = {Vol. 2, ISBN 0-306-40615-2}}\n",
        model="biblatex",
        fixed=(
            "@book{a,\n  isbn = {doi:10.1063/1.1703009},\n}\n"
            "@book{b,\n  isbn = {1098-0121\\textbackslash{}r1550-235X},\n}\n"
            "@book{c,\n  isbn = {9780306406157 0306406152},\n}\n"
        ),
    ),
    Case(
        "RK304",
        "issns-run-together",
        "@article{a,\n  issn = {1550-79980556-2821},\n}\n"
        "@article{b,\n  issn = {LIBE-RALARTSINRUSSIA},\n}\n"
        "@article{c,\n  issn = {10.1-080/01639374.2013.773953},\n}\n",
        (2, 5, 8),
        "@article{a, issn = {1550-7998 0556-2821}}\n"
        "@article{b, issn = {2689-6575(ELECTRONIC),26896567(PRINT)}}\n",
        model="biblatex",
        fixed=(
            "@article{a,\n  issn = {1550-7998 0556-2821},\n}\n"
            "@article{b,\n  issn = {LIBE-RALARTSINRUSSIA},\n}\n"
            "@article{c,\n  issn = {10.1-080/01639374.2013.773953},\n}\n"
        ),
    ),
    Case(
        "RK304",
        "check-digit",
        "@article{a,\n  issn = {0378-5956},\n}\n",
        (2,),
        "@article{a, issn = {0378-5955}}\n"
        "@article{b, issn = {0706-652X (print), 1205-7533 (electronic)}}\n",
    ),
    Case(
        "RK305",
        "scheme-space-host",
        "@misc{a,\n  url = {www.un.org/en},\n}\n@misc{b,\n"
        "  url = {https://a.org/x https://b.org},\n}\n"
        "@misc{c,\n  url = {gopher://a.org},\n}\n@misc{d,\n  url = {https:///x},\n}\n",
        (2, 5, 8, 11),
        "@misc{a, url = {https://www.un.org/en}}\n@misc{b, url = {\\url{ftp://ftp.x.org/pub}}}\n"
        "@misc{c, url = {http://localhost:8080/x}}\n",
    ),
    Case(
        "RK306",
        "file-field-and-note",
        "@misc{a,\n  file = {:C\\:/Users/ann/paper.pdf:pdf},\n}\n"
        "@misc{b,\n  note = {see /home/ann/notes.txt},\n}\n"
        "@misc{c,\n  url = {file:///tmp/x.pdf},\n}\n@misc{d,\n  file = {~/papers/x.pdf},\n}\n",
        (2, 5, 8, 11),
        "@misc{a, url = {https://example.org/home/users/x}, note = {Part C: results}}\n"
        "@misc{b, note = {Ratio 1:2/3}, file = {papers/x.pdf}}\n",
        fixed=(
            "@misc{a,\n}\n"
            "@misc{b,\n  note = {see /home/ann/notes.txt},\n}\n"
            "@misc{c,\n  url = {file:///tmp/x.pdf},\n}\n"
            "@misc{d,\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK307",
        "bad-and-prefixed",
        "@misc{a,\n  eprint = {2101.001},\n  eprinttype = {arxiv},\n}\n"
        "@misc{b,\n  eprint = {arXiv:2101.00001},\n  archivePrefix = {arXiv},\n}\n",
        (2, 6),
        "@misc{a, eprint = {2101.00001v2}, eprinttype = {arxiv}}\n"
        "@misc{b, eprint = {hep-th/9901001}, archiveprefix = {arXiv}}\n"
        "@misc{c, eprint = {math.GT/0309136}, eprinttype = {arxiv}}\n"
        "@misc{d, eprint = {12345}, eprinttype = {jstor}}\n",
        fixed=(
            "@misc{a,\n  eprint = {2101.001},\n  eprinttype = {arxiv},\n}\n"
            "@misc{b,\n  eprint = {2101.00001},\n  archivePrefix = {arXiv},\n}\n"
        ),
    ),
]

CASES += [
    # -- names ----------------------------------------------------------------------
    Case(
        "RK401",
        "et-al-and-bare-others",
        "@misc{a,\n  author = {Smith, Ann et al.},\n}\n"
        "@misc{b,\n  editor = {Smith, A., others},\n}\n"
        "@misc{c,\n  author = {Smith, A. and et~al.},\n}\n",
        (2, 5, 8),
        "@misc{a, author = {Smith, Ann and others}}\n@misc{b, author = {Alvarez, Al}}\n",
        fixed=(
            "@misc{a,\n  author = {Smith, Ann and others},\n}\n"
            "@misc{b,\n  editor = {Smith, A. and others},\n}\n"
            "@misc{c,\n  author = {Smith, A. and others},\n}\n"
        ),
    ),
    Case(
        "RK402",
        "commas-semicolons-ampersand",
        "@misc{a,\n  author = {Smith, J., Jones, K.},\n}\n"
        "@misc{b,\n  author = {Smith, J.; Jones, K.},\n}\n"
        "@misc{c,\n  author = {J. Smith & K. Jones},\n}\n",
        (2, 5, 8),
        "@misc{a, author = {Smith, John and Jones, K.}}\n@misc{b, author = {Smith, Jr., John}}\n"
        "@misc{c, author = {{Smith, Jones, and Partners}}}\n"
        "@misc{d, author = {King, III, Martin}}\n"
        "@misc{e, author = {Sherry, John F., Jr. and Merle, J., C.}}\n"
        "@misc{g, author = {van Vugt, Arie MD, PhD and Werneck,, Renato}}\n"
        "@misc{h, editor = {Dowty, D.R., et al.}}\n"
        "@misc{f, author = {given={Alan}, family={Smith}, middle={Simon}}}\n",
    ),
    Case(
        "RK403",
        "organisation-as-person",
        "@misc{a,\n  author = {World Health Organization},\n}\n"
        "@misc{b,\n  author = {United Nations Office on Drugs and Crime},\n}\n",
        (2, 5),
        "@misc{a, author = {{World Health Organization}}}\n@misc{b, author = {Bank, John}}\n"
        "@misc{c, author = {Smith, Ann and {UN Team}}}\n"
        "@misc{d, author = {Kenneth Gold and Oswald A. Roels and Harvey Bank}}\n",
        fixed=(
            "@misc{a,\n  author = {{World Health Organization}},\n}\n"
            "@misc{b,\n  author = {{United Nations Office on Drugs and Crime}},\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK404",
        "transposed-acronym-and-long-form",
        "@misc{a, author = {{UNODC}}}\n@misc{b, author = {{UNODC}}}\n"
        "@misc{c,\n  author = {{UNDOC}}}\n@misc{d,\n  author = {{UNGA}}}\n"
        "@misc{e, author = {{UN General Assembly}}}\n"
        "@misc{f, author = {Latonero, Mark}}\n@misc{g, author = {Latonero, Mark}}\n"
        "@misc{h,\n  author = {Latnoero, Mark}}\n",
        (4, 6, 11),
        "@misc{a, author = {{UNODC}}}\n@misc{b, author = {{WHO}}}\n@misc{c, author = {{WTO}}}\n"
        "@misc{d, author = {Latonero, M.}}\n@misc{e, author = {Latonero, Mark}}\n",
    ),
]

CASES += [
    # -- dates ----------------------------------------------------------------------
    Case(
        "RK501",
        "biblatex-drops-what-is-no-number",
        '@article{a,\n  year = "{\\noopsort{1973c}}1981",\n}\n'
        "@article{b,\n  year = {In press},\n}\n"
        "@article{c,\n  year = {\\switchargs{1990}},\n}\n",
        (2, 5, 8),
        "@article{a, year = {1981}, sortyear = {1973}}\n@article{b, pubstate = {inpress}}\n"
        "@article{c, year = {१९८७}}\n@article{d, year = {????}}\n",
        model="biblatex",
    ),
    Case(
        "RK501",
        "letter-o-apostrophe-suffix",
        "@misc{a,\n  year = {2O14},\n}\n@misc{b,\n"
        "  year = {'99},\n}\n@misc{c,\n  year = 2014a,\n}\n",
        (2, 5, 8),
        "@misc{a, year = {2014}}\n@misc{b, year = 1999}\n@misc{c, year = {n.d.}}\n"
        "@string{y = {2001}}\n@misc{d, year = y}\n"
        "@misc{e, year = \"{\\noopsort{1973c}}1981\"}\n",
        fixed=(
            "@misc{a,\n  year = {2014},\n}\n"
            "@misc{b,\n  year = {'99},\n}\n"
            "@misc{c,\n  year = 2014a,\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK502",
        "not-iso",
        "@misc{a,\n  date = {15 March 2020},\n}\n@misc{b,\n  urldate = {2020-02-30},\n}\n"
        "@misc{c,\n  date = {2020/13},\n}\n",
        (2, 5, 8),
        "@misc{a, date = {2020}, urldate = {2020-03-15}, origdate = {1850-01}}\n"
        "@misc{b, date = {2014/2015}, eventdate = {2020-01-01/2020-01-05}}\n"
        "@misc{c, date = {2020/..}, origdate = {../1850}, eventdate = {2020/}}\n"
        "@misc{d, date = {199X}, origdate = {1850?}, urldate = {2004-06~}}\n"
        "@misc{e, date = {2004-XX-XX%}, urldate = {2020-03-15T10:20:00Z}}\n",
    ),
    Case(
        "RK503",
        "biblatex-strings",
        "@misc{a,\n  date = {2020},\n  month = {Sept.},\n}\n@misc{b,\n  month = {September},\n}\n",
        (3, 6),
        "@misc{a, date = {2020}, month = {9}}\n@misc{b, month = sep}\n@misc{c, month = 12}\n"
        "@misc{d, month = \"????\"}\n",
        model="biblatex",
        fixed="@misc{a,\n  date = {2020},\n  month = {9},\n}\n@misc{b,\n  month = {9},\n}\n",
    ),
    Case(
        "RK503",
        "bibtex-strings",
        "@misc{a,\n  month = {September},\n}\n@misc{b,\n  month = \"jan\",\n}\n",
        (2, 5),
        "@misc{a, month = sep}\n@misc{b, month = jan # \"~15\"}\n@misc{c, month = {3}}\n",
        model="bibtex",
        fixed="@misc{a,\n  month = sep,\n}\n@misc{b,\n  month = jan,\n}\n",
    ),
    Case(
        "RK503",
        "bibtex-abbreviation",
        "@misc{a,\n  month = {Sept.},\n}\n",
        (2,),
        "@misc{a,\n  month = sep,\n}\n",
        model="bibtex",
        fixed="@misc{a,\n  month = sep,\n}\n",
    ),
    Case(
        "RK503",
        "bibtex-zero-padded-number-is-unsafe",
        "@misc{a,\n  month = {09},\n}\n",
        (2,),
        "@misc{a,\n  month = {9},\n}\n",
        model="bibtex",
        fixed="@misc{a,\n  month = sep,\n}\n",
        safe=False,
    ),
    Case(
        "RK504",
        "future-year-and-date",
        "@misc{a,\n  year = {2102},\n}\n@misc{b,\n  date = {2025-07-01},\n}\n",
        (2, 5),
        "@misc{a, year = {2025}}\n@misc{b, date = {2025-06-15}, eventdate = {2030}}\n"
        "@misc{c, urldate = {2025-06}}\n",
    ),
]

CASES += [
    # -- text -----------------------------------------------------------------------
    Case(
        "RK601",
        "ampersand-percent-underscore",
        "@misc{a,\n  journal = {Science & Justice},\n}\n@misc{b,\n  title = {50% of cases},\n}\n"
        "@misc{c,\n  note = {see file_name},\n}\n",
        (2, 5, 8),
        "@misc{a, journal = {Science \\& Justice}, url = {https://x.org/a_b?c=1&d=2#e}}\n"
        "@misc{b, title = {The $x_1$ case at 50\\%}, note = {\\url{https://x.org/a_b}}}\n"
        "@misc{c, doi = {10.1000/a_b}, file = {a_b.pdf}, abstract = {A & B}}\n"
        "@string{j = {J}}\n@misc{d, journal = j # { Part}}\n",
        fixed=(
            "@misc{a,\n  journal = {Science \\& Justice},\n}\n"
            "@misc{b,\n  title = {50\\% of cases},\n}\n"
            "@misc{c,\n  note = {see file\\_name},\n}\n"
        ),
    ),
    Case(
        "RK602",
        "available-at-retrieved-from",
        "@misc{a,\n  note = {Available at:},\n}\n@misc{b,\n"
        "  howpublished = {Report. Retrieved from},\n}\n",
        (2, 5),
        "@misc{a, note = {Available at: https://un.org}}\n"
        "@misc{b, title = {Why Drugs Are Available from Pharmacies in Towns}}\n",
    ),
    Case(
        "RK603",
        "hyphen-and-en-dash",
        "@misc{a,\n  pages = {12-15},\n}\n@misc{b,\n"
        "  pages = {12 - 15},\n}\n@misc{c,\n  pages = {12–15},\n}\n",
        (2, 5, 8),
        "@misc{a, pages = {12--15}}\n@misc{b, pages = {e1002}}\n@misc{c, pages = {3-1--3-10}}\n"
        "@misc{d, pages = {12--15, 18--20}}\n",
        fixed=(
            "@misc{a,\n  pages = {12--15},\n}\n"
            "@misc{b,\n  pages = {12--15},\n}\n"
            "@misc{c,\n  pages = {12--15},\n}\n"
        ),
    ),
    Case(
        "RK604",
        "reversed",
        "@misc{a,\n  pages = {15--12},\n}\n",
        (2,),
        "@misc{a, pages = {12--15}}\n@misc{b, pages = {1234--56}}\n",
    ),
    Case(
        "RK605",
        "acronyms",
        "@misc{a,\n  title = {The Role of the UN in DNA Testing},\n}\n"
        "@misc{b,\n  title = {DNA repair},\n}\n",
        (2, 5),
        "@misc{a, title = {The Role of the {UN} in {DNA} Testing}}\n"
        "@misc{b, title = {{DNA Repair in the USA}}}\n"
        "@misc{c, title = {A \\LaTeX{} Primer with $\\mathrm{NaCl}$ and \\textbf{RNA}}}\n"
        "@misc{d, title = {Plain Title Case Words}, journal = {The USA Journal}}\n",
        fixed=(
            "@misc{a,\n  title = {The Role of the {UN} in {DNA} Testing},\n}\n"
            "@misc{b,\n  title = {{DNA} repair},\n}\n"
        ),
    ),
    Case(
        "RK605",
        "alphanumeric-identifiers",
        "@misc{a,\n  title = {Case GTM007 and 3D Models},\n}\n",
        (2,),
        "@misc{a, title = {Case {GTM007} and {3D} Models from 1990}}\n",
        fixed="@misc{a,\n  title = {Case {GTM007} and {3D} Models},\n}\n",
    ),
    Case(
        "RK615",
        "countries-in-title-case",
        "@misc{a,\n  title = {Trafficking in Human Beings in Poland},\n}\n"
        "@misc{b,\n  title = {Sex Tourism in Jamaica, Japan and the United States},\n}\n",
        (2, 5),
        "@misc{a, title = {Trafficking in Human Beings in {Poland}}}\n"
        "@misc{b, title = {Poland and the Economics of Human Trafficking}}\n"
        "@misc{c, title = {Economics of Human Trafficking}, journal = {Journal of Poland}}\n"
        "@misc{d, title = {Trafficking en Pologne et Poland}, langid = {french}}\n",
        fixed=(
            "@misc{a,\n  title = {Trafficking in Human Beings in {Poland}},\n}\n"
            "@misc{b,\n  title = {Sex Tourism in {Jamaica}, {Japan} and the {United States}},\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK615",
        "sentence-case-capitals-and-authors",
        "@misc{a,\n  title = {Human trafficking, General Assembly President says},\n}\n"
        "@misc{b,\n  author = {Latonero, Mark},\n"
        "  title = {The Latonero Report on Online Trafficking},\n}\n",
        (2, 6),
        "@misc{a, title = {Human trafficking, {General Assembly President} says}}\n"
        "@misc{b, title = {A study: Results in the field}}\n"
        "@misc{c, title = {The Role of Mobile Phones in Crime}}\n",
        fixed=(
            "@misc{a,\n  title = {Human trafficking, {General Assembly President} says},\n}\n"
            "@misc{b,\n  author = {Latonero, Mark},\n"
            "  title = {The {Latonero} Report on Online Trafficking},\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK606",
        "double-space",
        "@misc{a,\n  title = {A  Study},\n}\n",
        (2,),
        "@misc{a, title = {A Study\n     of Things}, abstract = {One.  Two.}}\n",
        fixed="@misc{a,\n  title = {A Study},\n}\n",
    ),
    Case(
        "RK607",
        "latex-and-unicode-name",
        "@misc{a, author = {Gödel, Kurt}}\n@misc{b, author = {Gödel, Kurt}}\n"
        "@misc{c,\n  author = {G{\\\"o}del, Kurt}}\n",
        (4,),
        "@misc{a, author = {Gödel, Kurt}}\n@misc{b, author = {Gödel, K.}}\n"
        "@misc{c, author = {Sch{\\\"o}n, Anna}, title = {Gödel}}\n"
        "@misc{d, editor = {Sch{\\\"o}n, A.}}\n",
    ),
]

CASES += [
    # -- cross-entry ----------------------------------------------------------------
    Case(
        "RK701",
        "same-doi-and-same-title",
        "@article{a, doi = {10.1000/X}}\n@article{b,\n  doi = {https://doi.org/10.1000/x}}\n"
        "@article{c, author = {Smith, Ann}, title = {A Study of Many Things}, year = 2020}\n"
        "@article{d,\n  author = {Ann Smith}, title = {A study of many things.}, year = 2020}\n",
        (3, 5),
        "@article{a, doi = {10.1000/x}}\n@article{b, doi = {10.1000/y}}\n"
        "@incollection{o, title = {Chapter One on Semiconductors}, doi = {10.5772/3457}}\n"
        "@incollection{p, title = {Chapter Two on Microscopy}, doi = {10.5772/3457}}\n"
        "@article{c, author = {Smith, Ann}, title = {A Study of Many Things, Part I},"
        " year = 2020}\n"
        "@article{d, author = {Smith, Ann}, title = {A Study of Many Things, Part II},"
        " year = 2020}\n"
        "@article{e, author = {Smith, Ann}, title = {Editorial remarks on it}, year = 2020,"
        " pages = {1--2}}\n"
        "@article{f, author = {Smith, Ann}, title = {Editorial remarks on it}, year = 2020,"
        " pages = {5--6}}\n"
        "@article{g, author = {Smith, Ann}, title = {A Study of Many Things}, year = 2021}\n"
        "@book{h, author = {Kullback, S.}, title = {Information Theory and Statistics},"
        " year = 1997}\n"
        "@book{i, author = {Kullback, S.}, title = {Information Theory and Statistics},"
        " year = 1997, related = {j}}\n"
        "@misc{k, author = {Ng, Al}, title = {Fossil fuel resources and growth}, year = 2019,"
        " note = {AGU Fall Meeting}}\n"
        "@misc{l, author = {Ng, Al}, title = {Fossil fuel resources and growth}, year = 2019,"
        " note = {DMDU Workshop}}\n"
        "@book{m, editor = {Ng, Al}, title = {Genetic and Evolutionary Computation Conference},"
        " year = 2017}\n"
        "@book{n, editor = {Ng, Al}, title = {Genetic and Evolutionary Computation Conference"
        " Companion}, year = 2017}\n",
    ),
    Case(
        "RK702",
        "missing-and-case-only",
        "@inproceedings{a,\n  crossref = {proc2020}}\n@inproceedings{b,\n  crossref = {Proc2021}}\n"
        "@proceedings{proc2021, title = {P}}\n@book{c,\n  xdata = {pub, other}}\n@xdata{pub}\n",
        (2, 4, 7),
        "@inproceedings{a, crossref = {proc2020}}\n@proceedings{proc2020, title = {P}}\n"
        "@book{c, xdata = {pub}}\n@xdata{pub, publisher = {P}}\n",
    ),
    Case(
        "RK703",
        "undefined-macro",
        "@string{jgr = {J. Geophys. Res.}}\n@article{a,\n  journal = jgrr,\n  month = jan,\n}\n"
        "@string{b = x # \" y\"}\n",
        (3, 6),
        "@string{jgr = {J. Geophys. Res.}}\n@article{a, journal = JGR, month = jan, year = 2020,"
        " note = {jgrr}}\n@article{b, journal = cacm, volume = 3 # {a}}\n",
    ),
    Case(
        "RK703",
        "used-before-its-definition-or-in-it",
        "@article{a, journal = jgr, date = 2020}\n@string{jgr = {J. Geophys. Res.}}\n"
        "@string{c = c # { x}}\n",
        (1, 3),
        "@string{jgr = {J. Geophys. Res.}}\n@string{c = jgr # { x}}\n"
        "@article{a, journal = c, date = 2020}\n",
    ),
    Case(
        "RK703",
        "style-journal-macro-under-biblatex",
        "@article{a, journal = cacm, month = jan, date = 2020}\n",
        (1,),
        "@string{cacm = {Commun. ACM}}\n@article{a, journal = cacm, month = jan, date = 2020}\n",
        model="biblatex",
    ),
    Case(
        "RK704",
        "unused-macro",
        "@string{jgr = {J. Geophys. Res.}}\n@string{used = {U}}\n@string{via = used # { x}}\n"
        "@article{a, journal = via}\n",
        (1,),
        "@string{jgr = {J. Geophys. Res.}}\n@article{a, journal = jgr}\n",
    ),
]

CASES += [
    Case(
        "RK402",
        "and-next-to-a-line-break",
        "@misc{a,\n  author = {{Smith}, J., Jones, K.},\n}\n",
        (2,),
        "@misc{a, author = {Almendro, Jos{\\'e} L. and S{\\'a}nchez, Alberto and\n\t\t"
        "    Nozal, Fernando}}\n@misc{b, author = {J. C. Raine and D. P. Bureau}}\n",
    ),
]

CASES += [
    # -- known errors (the corrections lists) ------------------------------------------
    Case(
        "RK801",
        "misspelt-university",
        "@techreport{a,\n  title = {T},\n"
        "  institution = {Univeristy of Rochester Computer Science Department},\n}\n",
        (3,),
        "@techreport{a, title = {T},"
        " institution = {University of Rochester Computer Science Department}}\n",
        fixed="@techreport{a,\n  title = {T},\n"
        "  institution = {University of Rochester Computer Science Department},\n}\n",
    ),
    Case(
        "RK802",
        "gaor-supplement-symbol",
        "@misc{a,\n  note = {U.N. GAOR 55th Sess., Supp. No. 49, U.N. Doc. A/45/49},\n}\n",
        (2,),
        "@misc{a, note = {U.N. GAOR 45th Sess., Supp. No. 49, U.N. Doc. A/45/49}}\n",
        fixed="@misc{a,\n  note = {U.N. GAOR 55th Sess., Supp. No. 49, U.N. Doc. A/55/49},\n}\n",
        safe=False,
    ),
    Case(
        "RK803",
        "adoption-year",
        "@misc{a,\n  title = {United Nations Convention against Transnational Organized Crime},\n"
        "  note = {as adopted by the General Assembly in 2001},\n}\n",
        (3,),
        "@misc{a, title = {Some Other Convention},"
        " note = {as adopted by the General Assembly in 2001}}\n",
        fixed=(
            "@misc{a,\n  title = {United Nations Convention against Transnational Organized Crime},"
            "\n  note = {as adopted by the General Assembly in 2000},\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK804",
        "capitalised-preposition",
        "@misc{a,\n  title = {Trafficking In Human Beings in Poland},\n}\n",
        (2,),
        "@misc{a, title = {Trafficking in Human Beings in Poland}}\n",
        fixed="@misc{a,\n  title = {Trafficking in Human Beings in Poland},\n}\n",
        safe=False,
    ),
    Case(
        "RK805",
        "sole-author",
        "@report{a,\n  author = {Latonero and others},\n  title = {Human Trafficking Online},\n}\n",
        (2,),
        "@report{a, author = {Latonero, Mark}, title = {Human Trafficking Online}}\n"
        "@misc{b, author = {Latonero and others}, title = {Another Report}}\n",
        fixed=(
            "@report{a,\n  author = {Latonero, Mark},\n  title = {Human Trafficking Online},\n}\n"
        ),
        safe=False,
    ),
    Case(
        "RK806",
        "party-name",
        "@jurisdiction{a,\n  title = {USA v. Bennett},\n  number = {No. 06-41233},\n}\n",
        (2,),
        "@jurisdiction{a, title = {USA v. Bennett}, number = {No. 1}}\n",
        fixed="@jurisdiction{a,\n  title = {United States v. Bennett},\n"
        "  number = {No. 06-41233},\n}\n",
        safe=False,
    ),
    Case(
        "RK807",
        "isbn-check-digit",
        "@book{a,\n  title = {The Art of Computer Programming, Vol. 1: Fundamental Algorithms},\n"
        "  isbn = {0-201-89683-5},\n}\n",
        (3,),
        "@book{a, title = {The Art of Computer Programming, Vol. 1: Fundamental Algorithms},"
        " isbn = {0-201-89683-4}}\n",
        fixed=(
            "@book{a,\n  title = {The Art of Computer Programming, Vol. 1: Fundamental Algorithms},"
            "\n  isbn = {0-201-89683-4},\n}\n"
        ),
        corrections=("corrections.toml",),
    ),
    Case(
        "RK808",
        "issue-date",
        "@article{a,\n  title = {Molecular Structure of Nucleic Acids},\n"
        "  date = {1953-05-25},\n}\n",
        (3,),
        "@article{a, title = {Molecular Structure of Nucleic Acids}, date = {1953-04-25}}\n",
        fixed="@article{a,\n  title = {Molecular Structure of Nucleic Acids},\n"
        "  date = {1953-04-25},\n}\n",
        safe=False,
        corrections=("corrections.toml",),
    ),
    Case(
        "RK809",
        "annual-meeting",
        "@inproceedings{a,\n  booktitle = {Proceedings of the 58th Anual Meeting of the ACL},\n}\n",
        (2,),
        "@inproceedings{a, booktitle = {Proceedings of the 58th Annual Meeting of the ACL}}\n",
        fixed=(
            "@inproceedings{a,\n"
            "  booktitle = {Proceedings of the 58th Annual Meeting of the ACL},\n}\n"
        ),
        corrections=("corrections.toml",),
    ),
]
