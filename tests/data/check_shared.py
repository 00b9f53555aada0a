"""Check that the repository's copies of the team's shared files are still theirs (run in the team's checkout).

``tests/data/smtp-reference.md`` must carry the rule catalogue of ``../shared/docs/smtp-reference.md``, and every
file of the corpus sample ``tests/data/corpus`` must be the shared corpus file byte for byte, with the same
``SOURCES.tsv`` row. The tests read only ``tests/data``; ``.ci/run`` runs this when ``../shared`` is beside the
checkout::

    python tests/data/check_shared.py [SHARED]      # SHARED defaults to ../shared beside the repository

Exit status 1 with one line per stale copy, 0 when all are in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere: import tests.testdata

from tests.testdata import CORPUS, REFERENCE, REPO, catalogue, sources


def stale(shared: Path) -> list[str]:
    """What differs between the repository's copies and ``shared``."""
    out: list[str] = []
    reference = shared / "docs" / "smtp-reference.md"
    if catalogue(REFERENCE.read_text(encoding="utf-8")) != catalogue(reference.read_text(encoding="utf-8")):
        out.append(f"{REFERENCE.relative_to(REPO)}: its rule catalogue differs from {reference}: copy it again")
    rows = {row["file"]: row for row in sources(shared / "corpus")}
    for row in sources(CORPUS):
        if rows.get(row["file"]) != row:
            out.append(f"tests/data/corpus/SOURCES.tsv: the row of {row['file']} differs from the shared one")
        elif (CORPUS / row["file"]).read_bytes() != (shared / "corpus" / row["file"]).read_bytes():
            out.append(f"tests/data/corpus/{row['file']}: not the shared file byte for byte")
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else REPO.parent / "shared"
    problems = stale(shared)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
