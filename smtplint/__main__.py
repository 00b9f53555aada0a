"""``python -m smtplint`` and the ``smtplint`` command (``run``)."""

from __future__ import annotations

import gc
import sys


def run() -> int:
    """Import the command line without cyclic garbage collection, then run it (``smtplint --version`` alone is
    answered without importing it).

    Start-up builds tens of thousands of objects that live until exit (modules, classes, functions, the rule
    catalogue): collection passes while they are made find nothing to free, and each later pass would walk
    them again. They are frozen once imported (gc.freeze), and collection goes on for what the run makes.
    """
    if sys.argv[1:] == ["--version"]:  # what argparse's version action prints, without importing the CLI
        from smtplint import __version__, stdout_to_devnull

        try:
            sys.stdout.write(f"smtplint {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # smtplint --version | false: the reader left; exit quietly, as the CLI does
            stdout_to_devnull()
        return 0
    collecting = gc.isenabled()
    gc.disable()
    try:
        from smtplint.cli import main
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
