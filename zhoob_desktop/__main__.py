"""`python -m zhoob_desktop` starts the desktop program; with a sub-command it runs the CLI."""

import sys


def main() -> int:
    from zhoob_desktop.cli import build_parser

    args, _rest = build_parser().parse_known_args()
    if getattr(args, "command", None):
        from zhoob_desktop.cli import main as cli_main

        return cli_main()
    from zhoob_desktop.ui.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(main())
