"""The ``notify-plugins`` command.

Each subcommand is one ``add_*`` function in :data:`SUBCOMMANDS`: it adds its parser and
sets ``run`` to a function of the parsed arguments that returns the exit status. Adding
a subcommand is adding one such function to the tuple. Heavy modules are imported inside
the ``run`` functions, so ``notify-plugins --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from . import __version__


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 0 and 65535")
    return port


def _without_apprise(command: str) -> bool:
    """True (after saying what to install) when Apprise, which ``command`` needs, is missing."""
    from .distribution import apprise_installed, apprise_missing_line

    if apprise_installed():
        return False
    print(apprise_missing_line(command), file=sys.stderr)
    return True


if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def _command(
    sub: Subparsers, name: str, run: Callable[[argparse.Namespace], int], *, help: str, description: str
) -> argparse.ArgumentParser:
    """The parser of one subcommand, which runs ``run``."""
    parser = sub.add_parser(name, help=help, description=description)
    parser.set_defaults(run=run)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    if _without_apprise("demo"):
        return 1
    from .demo import run

    return run()


def add_demo(sub: Subparsers) -> None:
    _command(
        sub,
        "demo",
        _run_demo,
        help="send one message through every provider to a local sandbox",
        description="Start the sandbox on a free loopback port, send one message through each provider "
        "and show what each one received, through the Apprise plugins (the apprise extra: "
        'pip install "notify-plugins[apprise]"). Needs no account; exits 1 if any send failed.',
    )


def _run_sandbox(args: argparse.Namespace) -> int:
    from .sandbox.command import run

    return run(args.host, args.port, quiet=args.quiet)


def add_sandbox(sub: Subparsers) -> None:
    parser = _command(
        sub,
        "sandbox",
        _run_sandbox,
        help="run a local HTTP server that emulates all five provider APIs",
        description="Serve the five providers' APIs under /prosms, /smsdk, /smstools, /spryng and /smsgw "
        "(the gateway also at /api/sms/...) until stopped with Ctrl-C or SIGTERM. "
        "GET /sandbox/messages lists what was sent.",
    )
    parser.add_argument("--port", type=_port, default=8080, help="port to listen on; 0 picks a free one (8080)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--quiet", action="store_true", help="do not print a line per request")


def _run_apprise_path(args: argparse.Namespace) -> int:
    from pathlib import Path

    if _without_apprise("apprise-path"):
        return 1
    # Computed, not imported: importing notify_plugins.apprise would load Apprise.
    print(Path(__file__).resolve().parent / "apprise" / "plugin_path")
    return 0


def add_apprise_path(sub: Subparsers) -> None:
    _command(
        sub,
        "apprise-path",
        _run_apprise_path,
        help="print the folder to give apprise -P or APPRISE_PLUGIN_PATH",
        description="Print the folder holding the module that registers the prosms, smsdk, smstools, spryng, "
        'smsgw and smsgws services with Apprise: apprise -P "$(notify-plugins apprise-path)" ... '
        'Exits 1 without Apprise (pip install "notify-plugins[apprise]").',
    )


def _run_export_hacs(args: argparse.Namespace) -> int:
    from .hacs import export_hacs, write_release_zip

    try:
        target = export_hacs(args.domain, args.outdir)
        if args.zip:
            write_release_zip(target / "custom_components" / args.domain, args.zip)
    except (OSError, ValueError) as err:
        print(f"notify-plugins export-hacs: {err}", file=sys.stderr)
        return 1
    print(f"Wrote a HACS repository for {args.domain} to {target}")
    if args.zip:
        print(f"Wrote its release asset to {args.zip}")
    return 0


def add_export_hacs(sub: Subparsers) -> None:
    parser = _command(
        sub,
        "export-hacs",
        _run_export_hacs,
        help="write a HACS repository tree for one integration",
        description="Write custom_components/DOMAIN, hacs.json, a README and the brand icon into OUTDIR "
        "(new or empty), ready to push as a repository HACS can install. HACS installs a release of it "
        "from the asset DOMAIN.zip, which --zip writes.",
    )
    parser.add_argument("domain", metavar="DOMAIN", choices=("prosms", "smsdk", "smstools", "spryng", "smsgw"))
    parser.add_argument("outdir", metavar="OUTDIR", help="directory to write; must not exist or be empty")
    parser.add_argument(
        "--zip",
        metavar="FILE",
        help="also write the integration as the release zip HACS unpacks (the same bytes from the same commit)",
    )


SUBCOMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    add_demo,
    add_sandbox,
    add_apprise_path,
    add_export_hacs,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notify-plugins", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
