"""Save a deck so that the same input always gives the same bytes.

python-pptx stamps each zip entry with the clock and carries its template's properties
(author "Steve Canny", created 2013, a thumbnail of an empty slide).  Here the properties
come from the course, the thumbnail is dropped, and the zip is rewritten with fixed entry
times in the package's own order.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

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
    buffer = io.BytesIO()
    prs.save(buffer)
    Path(dest).write_bytes(_normalised_zip(buffer.getvalue(), stamp.timetuple()[:6]))


def _drop_thumbnail(prs) -> None:
    package_rels = prs.part.package._rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _normalised_zip(data: bytes, when: tuple) -> bytes:
    """The same entries in the same order, each with one fixed time and permissions."""
    when = max(tuple(when), (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                body = _app_properties(body)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


def _app_properties(body: bytes) -> bytes:
    """Name our tool as the application instead of the template's 'Microsoft … PowerPoint'."""
    return re.sub(rb"<Application>[^<]*</Application>", _APP, body)
