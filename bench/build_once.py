"""One build of the portal (our settings, plugins and theme) over a benchmark archive.

`python -m bench.build_once --content DIR --output DIR --cache DIR [--serial]`;
the benchmark runs it in a subprocess so that every build is measured alone.
"""

import argparse
import logging
import sys

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, build, exit_without_teardown


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.build_once", description=__doc__)
    parser.add_argument("--content", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--serial", action="store_true", help="the plain serial build, no fast mode")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    overrides = {"PATH": args.content, "CACHE_PATH": args.cache}
    if args.serial:
        overrides["FAST_BUILD"] = {"workers": 1, "incremental": False}
    try:
        build(ROOT / "pelicanconf.py", output=args.output, overrides=overrides)
    except BuildFailed as failure:
        print("\n".join(failure.messages), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    exit_without_teardown(main())
