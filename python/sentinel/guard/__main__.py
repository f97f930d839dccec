"""python -m sentinel.guard run [--policy FILE] [--allow MODULE:NAME]... [--scan on|off] SCRIPT [ARGS...]

Installs the guard before the script (or anything it imports) runs, so that
even references to pickle functions taken at import time are the guarded ones;
the script's child processes are guarded too (SENTINEL_GUARD)."""

import argparse
import os
import runpy
import sys

from sentinel import guard


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sentinel.guard",
                                     description="run a Python program with every pickle load guarded")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run SCRIPT with the guard installed")
    run.add_argument("--policy", help="sentinel-policy.yml whose fail_on and trusted_globals apply")
    run.add_argument("--allow", action="append", default=[], metavar="MODULE:NAME", help="trust a global; repeatable")
    run.add_argument("--scan", choices=("on", "off"), default="on", help="scan each load's bytes first (default on)")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    guard.install(options.policy, options.allow, scan=options.scan)
    sys.argv = [options.script, *options.args]
    sys.path[0] = os.path.dirname(os.path.abspath(options.script))
    runpy.run_path(options.script, run_name="__main__")


if __name__ == "__main__":
    main()
