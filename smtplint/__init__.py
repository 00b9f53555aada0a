"""smtplint: a static, offline linter for SMTP configuration."""

# The one place the version is written: pyproject.toml reads it ([tool.setuptools.dynamic]), the CLI prints it,
# and the reports carry it. CHANGELOG.md's newest release heading must match it (tests/test_release.py).
__version__ = "0.1.0"
