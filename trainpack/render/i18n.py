"""Template strings ("Learning objectives", "Page N of M", agenda labels) through gettext.

Catalogues live in ``templates/locales/<lang>/LC_MESSAGES/messages.po`` (Babel's layout, so
``pybabel extract/update`` work on them) and are compiled in memory when a build needs them:
no compiled .mo files to keep in step.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from trainpack.core.errors import BuildError, problem
from trainpack.load.safe_files import po_bytes


def template_translations(language: str, dirs: list[Path]) -> NullTranslations:
    """The catalogue for ``language`` from the first template folder that has one."""
    for folder in dirs:
        path = folder / "locales" / language / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            try:
                catalog = read_po(BytesIO(po_bytes(path)), locale=language)
                buffer = BytesIO()
                write_mo(buffer, catalog, use_fuzzy=False)
                buffer.seek(0)
                return Translations(buffer)
            except BuildError:
                raise
            except Exception as exc:  # Babel raises several kinds for a malformed catalogue
                raise BuildError(
                    [
                        problem(
                            path,
                            getattr(exc, "lineno", None),
                            None,
                            f"cannot read this template translation file: {exc}",
                            "check the PO syntax (msgid, msgstr), e.g. with `msgfmt --check`",
                        )
                    ],
                    category="template",
                ) from None
    return NullTranslations()
