"""smtplint: a static, offline linter for SMTP configuration."""

# The one place the version is written: pyproject.toml reads it ([tool.setuptools.dynamic]), the CLI prints it,
# and the reports carry it. CHANGELOG.md's newest release heading must match it (tests/test_release.py).
__version__ = "0.1.0"


def stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so Python's own flush at exit does not fail again after a reader left (the
    Python docs' recipe for ``smtplint --list-rules | head``)."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (stdout replaced in-process): nothing to redirect
        pass
