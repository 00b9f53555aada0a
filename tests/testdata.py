"""Where the tests find their data: in the repository (``tests/data``) only, so that every clone runs the same
tests on the same files.

``tests/data/corpus`` is a small sample of the team's real-world corpus (permissive licenses only,
``SOURCES.tsv`` names each file's origin and license), ``tests/data/shapes`` holds hand-written files in the
shape of real ones whose licences keep them out of the repository, and ``tests/data/smtp-reference.md`` is a
copy of the domain reference. No test reads anything outside the repository: in the team's checkout,
``tests/data/check_shared.py`` (a script ``.ci/run`` runs when the team's folder sits beside the checkout, not
a test) checks that these copies are still the team's files.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

SARIF_SCHEMA = DATA / "sarif" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

REFERENCE = DATA / "smtp-reference.md"

CORPUS = DATA / "corpus"
# hand-written files in the shape of real ones whose licences keep them out of the repository (tests/data/shapes)
SHAPES = DATA / "shapes"
# files of a corpus folder that are about the corpus, not configuration to lint
CORPUS_META = frozenset({"README.md", "SOURCES.tsv"})


def catalogue(text: str) -> list[str]:
    """The reference's rule entries, ``SMTP302 submission-tls-may``, in document order: the SMTP1xx-4xx
    headings, and the rows of section 7's table for the SMTP5xx DNS-record rules."""
    headings = re.findall(r"^### (SMTP\d{3} [a-z0-9-]+)\s*$", text, re.M)
    rows = [" ".join(m) for m in re.findall(r"^\| (SMTP5\d{2}) \| ([a-z0-9-]+) \|", text, re.M)]
    return headings + rows


def sources(root: Path) -> list[dict[str, str]]:
    """The rows of a corpus folder's ``SOURCES.tsv`` (file, repo, path, commit, license)."""
    with (root / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _is_sample(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    return path.is_file() and path.name not in CORPUS_META and relative.parts[0] != "LICENSES"


def corpus_files(kind: str = "", pattern: str = "*") -> list[Path]:
    """Every configuration file of the sample and the shapes (``kind``: ``postfix``, ``yaml``, ``dotenv``), each
    relative path once (a real file over a hand-written shape), sorted by relative path."""
    found: dict[str, Path] = {}
    for root in (CORPUS, SHAPES):
        base = root / kind if kind else root
        if not base.is_dir():
            continue
        for path in base.rglob(pattern):
            if _is_sample(path, root):
                found.setdefault(path.relative_to(root).as_posix(), path)
    return [found[key] for key in sorted(found)]


def corpus_file(relative: str) -> Path | None:
    """One corpus file by its relative path (``yaml/prometheus__alertmanager/simple.yml``), or None: the sample's
    real file, else its hand-written shape in ``tests/data/shapes``."""
    for root in (CORPUS, SHAPES):
        if (root / relative).is_file():
            return root / relative
    return None
