"""The ``notify-plugins`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notify-plugins", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="send one message through every provider to a local sandbox")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        from .text import count_segments
        from .validation import normalize_number, validate_sender

        print(validate_sender("HomeAlarm"), normalize_number("070-123 45 67", "SE"), count_segments("Hej då"))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
