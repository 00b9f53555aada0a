"""Where the tests find their data: in the repository (``tests/data``), so that a plain clone runs every test.

The team's own checkout has ``../shared`` beside it (the full real-world corpus, the domain reference): it
is used *in addition* when present, never required. ``tests/data/corpus`` is a small sample of it (permissive
licenses only, ``SOURCES.tsv`` names each file's origin and license); ``tests/data/smtp-reference.md`` is a
copy of the domain reference whose rule catalogue is checked against the shared one when that is there.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared"

SARIF_SCHEMA = DATA / "sarif" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

REFERENCE = DATA / "smtp-reference.md"
SHARED_REFERENCE = SHARED / "docs" / "smtp-reference.md"

CORPUS = DATA / "corpus"
SHARED_CORPUS = SHARED / "corpus"
# hand-written files in the shape of real ones whose licences keep them in ../shared (tests/data/shapes/README.md)
SHAPES = DATA / "shapes"
# files of a corpus folder that are about the corpus, not configuration to lint
CORPUS_META = frozenset({"README.md", "SOURCES.tsv"})


def corpus_roots() -> list[Path]:
    """The in-repository sample, then ``../shared/corpus`` when it is beside the checkout."""
    return [CORPUS, *([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])]


def _is_sample(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    return path.is_file() and path.name not in CORPUS_META and relative.parts[0] != "LICENSES"


def corpus_files(kind: str = "", pattern: str = "*") -> list[Path]:
    """Every configuration file of the corpora (``kind``: ``postfix``, ``yaml``, ``dotenv``), each relative
    path once: the in-repository copy wins over the shared one, a real file over its hand-written shape.
    Sorted by relative path."""
    found: dict[str, Path] = {}
    for root in [*corpus_roots(), SHAPES]:
        base = root / kind if kind else root
        if not base.is_dir():
            continue
        for path in base.rglob(pattern):
            if _is_sample(path, root):
                found.setdefault(path.relative_to(root).as_posix(), path)
    return [found[key] for key in sorted(found)]


def corpus_file(relative: str) -> Path | None:
    """One corpus file by its relative path (``yaml/prometheus__alertmanager/simple.yml``), or None when
    neither corpus has it; a file whose licence keeps it in ``../shared`` has its hand-written shape in
    ``tests/data/shapes`` for a plain clone."""
    for root in [*corpus_roots(), SHAPES]:
        if (root / relative).is_file():
            return root / relative
    return None
