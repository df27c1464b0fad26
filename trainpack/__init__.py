"""Training module builder: course data in modules/ -> editable decks and printable PDFs."""

from trainpack.core.errors import BuildError, Problem

__all__ = ["BuildError", "Problem"]
__version__ = "0.1.0"
