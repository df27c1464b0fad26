"""Resource limits for input from anyone: one place, so `check` and `build` agree.

Generous for real courses (the shipped course's largest file is a few tens of KB),
small enough that a hostile file cannot take the machine's memory or hours of CPU.
"""

from __future__ import annotations

MAX_TEXT_FILE = 4 * 1024 * 1024  # bytes of one YAML, Markdown, PO or CSS file
MAX_SCALAR = 200_000  # characters of one YAML value
MAX_NESTING = 64  # levels of lists/mappings in YAML
MAX_YAML_NODES = 500_000  # values in one YAML file after aliases are expanded
MAX_ALIAS_USES = 200  # times a YAML alias (*name) may be used in one file
MAX_BINARY_FILE = 200 * 1024 * 1024  # bytes of a picture, font or master on disk
MAX_PICTURE_PIXELS = 40_000_000  # width x height of one picture (a 8000 x 5000 photo)
MAX_ZIP_TOTAL = 300 * 1024 * 1024  # uncompressed bytes of all parts of a master
MAX_ZIP_MEMBER = 150 * 1024 * 1024  # uncompressed bytes of one part
MAX_ZIP_RATIO = 200  # uncompressed / compressed size of one part
MAX_ZIP_MEMBERS = 5_000  # parts in one master
