"""`python -m portalbuild [--settings FILE] [--output DIR]`: build and report errors plainly."""

import argparse
import logging
import sys

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, Interrupted, build, exit_without_teardown
from portalbuild.runner.publish_guard import INTERRUPTED


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="portalbuild", description=__doc__)
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=None, help="output folder (default: the settings' OUTPUT_PATH)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        result = build(args.settings, output=args.output)
    except BuildFailed as failure:
        failure.report("Build failed; the previous output is unchanged.")
        return 1
    except (Interrupted, KeyboardInterrupt) as interrupt:
        if getattr(interrupt, "replaced", False):
            print("Interrupted after the new build was put in place.", file=sys.stderr)
        else:
            print("Interrupted; the previous output is unchanged.", file=sys.stderr)
        return INTERRUPTED
    print(f"Built the portal into {result.output}")
    result.report_notices()
    return 0


if __name__ == "__main__":
    exit_without_teardown(main())
