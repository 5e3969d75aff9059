"""The ``matchmaker`` command line.

Exit codes: 0 success; 1 the input has problems (listed); 2 wrong usage; 3 the request
cannot be met (diagnosis printed); 4 an optional extra is missing; 5 unexpected failure
(re-run with ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from matchmaker.errors import InfeasibleError, MatchmakerError, MissingDependencyError, ValidationError

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_MISSING_EXTRA, EXIT_FAILURE = 0, 1, 2, 3, 4, 5


def _demo(args: argparse.Namespace) -> int:
    from matchmaker.demo import run_demo

    run_demo(out=sys.stdout)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from matchmaker.io import load_mission

    mission = load_mission(args.file)
    if args.json:
        print(json.dumps({"ok": True, "participants": len(mission.participants)}))
    else:
        a, b = mission.side("A"), mission.side("B")
        sides = f"{len(a)} in {mission.side_a.name!r}, {len(b)} in {mission.side_b.name!r}"
        print(f"{args.file}: no problems; {sides}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="matchmaker", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show the traceback of unexpected errors")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run the bundled East Java – South Sumatra mission").set_defaults(
        run=_demo
    )
    check = commands.add_parser("validate", help="check a participant file and list every problem")
    check.add_argument("file")
    check.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ValidationError as exc:
        _report(args, exc, "invalid input")
        return EXIT_INVALID
    except InfeasibleError as exc:
        _report(args, exc, "cannot be met")
        return EXIT_INFEASIBLE
    except MissingDependencyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except MatchmakerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {exc}\nhint: re-run with --debug and report it",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _report(args: argparse.Namespace, exc: ValidationError | InfeasibleError, what: str) -> None:
    if args.json:
        print(
            json.dumps(
                {"ok": False, "error": what, "problems": [p.to_dict() for p in exc.problems]},
                ensure_ascii=False,
            )
        )
    else:
        print(f"error: {what}:\n{exc}", file=sys.stderr)
