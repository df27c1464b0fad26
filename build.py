#!/usr/bin/env python3
"""Build the training packs: `python build.py --help`."""

import sys

from trainpack.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
