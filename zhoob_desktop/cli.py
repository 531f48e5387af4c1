"""The `zhoob` command: the same services as the desktop program, without a window."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from zhoob_desktop import __version__
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.files import private_umask
from zhoob_desktop.services.i18n import LANGUAGES, N_, _, ngettext, set_language

# argparse's own words, translated through our catalogs (argparse looks up its
# module-level ``_`` at call time, so pointing it at ours translates usage and errors).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)
argparse._ = _
argparse.ngettext = ngettext


def command_modules() -> list[str]:
    """Every module of ``zhoob_desktop.commands``; each has ``register(subparsers)``."""
    import zhoob_desktop.commands as package

    return [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]


def _language_from_argv(argv: list[str]) -> str | None:
    """The global --lang (before the sub-command; a sub-command's own --lang is a document language)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--data-dir")
    pre.add_argument("rest", nargs=argparse.REMAINDER)
    known, _unknown = pre.parse_known_args(argv)
    return known.lang or os.environ.get("ZHOOB_LANG")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhoob",
        description=_("Zhoob Desktop: the register, meetings and protocols of a rural okrug."),
    )
    parser.add_argument("--version", action="version", version=f"Zhoob Desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=_("data folder (default: the per-user folder)"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of messages: kk, ru or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(name).register(sub)
    return parser


KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


def configure_streams(streams=None, platform: str = sys.platform) -> None:
    """Make printed Kazakh text survive a console or file whose code page lacks its letters.

    On Windows, output redirected to a file or a pipe takes the ANSI code page
    (cp1251, cp866), which has no ә, ғ, қ, ң, ө, ұ, ү, һ, і: such streams are
    switched to UTF-8, which Notepad and Excel read. Elsewhere a stream that
    cannot encode the letters gets escapes instead of an error.
    """
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            KAZAKH_LETTERS.encode(encoding)
            continue
        except (UnicodeEncodeError, LookupError):
            pass
        if platform == "win32":
            stream.reconfigure(encoding="utf-8", errors="replace")
        else:
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_streams()
    private_umask()  # exports, papers, backups and keys: the user's only
    lang = _language_from_argv(argv)
    if lang in LANGUAGES:
        set_language(lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.lang_explicit = lang in LANGUAGES
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ZhoobError as exc:
        print(exc.message(), file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        print(_("Interrupted; nothing was half-written."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
