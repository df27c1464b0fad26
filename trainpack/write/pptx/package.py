"""Save a deck so that the same input always gives the same bytes.

python-pptx stamps each zip entry with the clock and carries its template's properties
(author "Steve Canny", created 2013, a thumbnail of an empty slide).  Here the properties
come from the course, the thumbnail is dropped, and the package is written once, in
python-pptx's own order, with one fixed time on every entry.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.serialized import PackageWriter

from trainpack.core.docprops import DocProperties

_APP = b"<Application>trainpack</Application>"


def save_reproducible(prs, dest: Path, props: DocProperties) -> None:  # prs: Presentation
    """Set the properties, drop the thumbnail, and write ``dest`` byte-for-byte repeatably."""
    core = prs.core_properties
    core.title = props.title[:255]
    core.subject = props.subject[:255]
    core.author = (props.author or props.organisation)[:255]
    core.last_modified_by = (props.organisation or props.author)[:255]
    core.keywords = props.keywords[:255]
    core.comments = ""
    core.category = ""
    core.language = props.language
    core.revision = 1
    stamp = props.date.replace(tzinfo=None)
    core.created = stamp
    core.modified = stamp
    _drop_thumbnail(prs)
    package = prs.part.package
    when = max(tuple(stamp.timetuple()[:6]), (1980, 1, 1, 0, 0, 0))
    with _FixedTimeZip(Path(dest), when) as archive:
        _Writer(archive, package._rels, tuple(package.iter_parts()))._write()


class _FixedTimeZip:
    """python-pptx's physical writer, but every entry gets one time and fixed attributes
    (its own takes the clock), so the package is written once and is the same every time."""

    def __init__(self, dest: Path, when: tuple) -> None:
        self.zip = zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED)
        self.when = when

    def __enter__(self) -> _FixedTimeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def write(self, pack_uri, blob: bytes) -> None:  # pack_uri: PackURI
        name = pack_uri.membername
        if name == "docProps/app.xml":
            blob = _app_properties(blob)
        entry = zipfile.ZipInfo(name, date_time=self.when)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 3
        self.zip.writestr(entry, blob)


class _Writer(PackageWriter):
    """PackageWriter's order and content, written through ``_FixedTimeZip``."""

    def __init__(self, archive: _FixedTimeZip, pkg_rels, parts) -> None:
        super().__init__("", pkg_rels, parts)
        self.archive = archive

    def _write(self) -> None:
        self._write_content_types_stream(self.archive)  # type: ignore[arg-type]
        self._write_pkg_rels(self.archive)  # type: ignore[arg-type]
        self._write_parts(self.archive)  # type: ignore[arg-type]


def _drop_thumbnail(prs) -> None:
    package_rels = prs.part.package._rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _app_properties(body: bytes) -> bytes:
    """Name our tool as the application instead of the template's 'Microsoft … PowerPoint'."""
    return re.sub(rb"<Application>[^<]*</Application>", _APP, body)
