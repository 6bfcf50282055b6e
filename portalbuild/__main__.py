"""`python -m portalbuild [--settings FILE] [--output DIR]`: build and report errors plainly."""

import argparse
import logging

from portalbuild import ROOT, BuildFailed, build, exit_without_teardown


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
    print(f"Built the portal into {result.output}")
    return 0


if __name__ == "__main__":
    exit_without_teardown(main())
