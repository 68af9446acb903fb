#!/usr/bin/env python3
"""Build the newsdesk site and briefs: ``python build.py --help``."""

import sys

from newsdesk.cli import run

if __name__ == "__main__":
    sys.exit(run())
