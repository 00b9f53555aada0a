"""Discovery: kinds by name and by a cheap content check, skipped folders, excludes, sorted display paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint import formats
from smtplint.files import PathError, Target, discover, format_by_name
from smtplint.formats.django import looks_like_settings as looks_like_django_settings
from smtplint.model import Format


@pytest.mark.parametrize(("name", "fmt"), [
    ("config.yml", "yaml"), ("values.YAML", "yaml"), (".env", "dotenv"),
    (".env.production", "dotenv"), (".env.example.complete", "dotenv"),
    ("mailserver.env", "dotenv"),
    ("main.cf", "postfix-main"), ("master.cf", "postfix-master"), ("settings.py", "django"),
    ("prod_settings.py", "django"), ("settings/prod.py", "django"),
    ("compose.override.yaml.example", "yaml"), ("main.cf.dist", "postfix-main"),
    ("settings.py.sample", "django"), (".example", None), ("views.py", None), ("main.cf.orig", None),
    ("README.md", None), ("environment.txt", None),
])
def test_format_by_name(name: str, fmt: Format | None) -> None:
    assert format_by_name(Path(name)) == fmt


def test_content_check_for_other_python_files() -> None:
    assert looks_like_django_settings(b'import os\nEMAIL_HOST = "smtp.example.com"\n')
    assert looks_like_django_settings(b"EMAIL_PORT: int = 587\n")
    assert not looks_like_django_settings(b'print("EMAIL_HOST")\n')
    assert not looks_like_django_settings(b"def f():\n    return 1\n")


def _touch(root: Path, rel: str, text: str = "x: 1\n") -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def test_walk_skips_vcs_vendored_and_virtualenv_folders(tmp_path: Path) -> None:
    for rel in ("a.yml", "sub/b.yaml", ".git/c.yml", "node_modules/d.yml", "__pycache__/e.yml", "dist/f.yml",
                "build/g.yml", ".tox/h.yml", "myenv/i.yml", "app/views.py", "app/mail.py", "notes.txt",
                "vendor/phpmailer/src/PHPMailer.php", "lib/vendor/mail.yml"):
        _touch(tmp_path, rel)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "app" / "mail.py").write_text('EMAIL_HOST = "x"\n')
    targets, skipped = discover([str(tmp_path)], cwd=tmp_path)
    # any .py file is a candidate; the engine's look at its bytes (formats.sniff) confirms it
    assert [(t.display, t.probe) for t in targets] == [
        ("a.yml", False), ("app/mail.py", True), ("app/views.py", True), ("sub/b.yaml", False)]
    assert [t.display for t in confirmed(targets)] == ["a.yml", "app/mail.py", "sub/b.yaml"]
    assert [t.format for t in confirmed(targets)] == ["yaml", "django", "yaml"]
    assert skipped == []
    # a vendored folder named on the command line is linted: only the walk below it skips such names
    targets, _ = discover([str(tmp_path / "lib" / "vendor")], cwd=tmp_path)
    assert [t.display for t in targets] == ["lib/vendor/mail.yml"]


def confirmed(targets: list[Target]) -> list[Target]:
    """The targets the engine lints: named kinds, and probed ones whose bytes show their settings."""
    return [t for t in targets if not t.probe or formats.sniff(formats.get(t.format), Path(t.path).read_bytes())]


def test_exclude_globs_and_explicit_files(tmp_path: Path) -> None:
    for rel in ("keep.yml", "gen/skip.yml", "other.yml"):
        _touch(tmp_path, rel)
    targets, _ = discover([str(tmp_path)], excludes=["gen", "other.yml"], cwd=tmp_path)
    assert [t.display for t in targets] == ["keep.yml"]
    targets, _ = discover([str(tmp_path / "other.yml")], excludes=["other.yml"], cwd=tmp_path)
    assert [t.display for t in targets] == ["other.yml"]
    targets, _ = discover([str(tmp_path / "other.yml")], excludes=["other.yml"], force_exclude=True, cwd=tmp_path)
    assert targets == []


def test_each_file_once_and_sorted(tmp_path: Path) -> None:
    _touch(tmp_path, "b.yml")
    _touch(tmp_path, "a.yml")
    targets, _ = discover([str(tmp_path), str(tmp_path / "b.yml")], cwd=tmp_path)
    assert [t.display for t in targets] == ["a.yml", "b.yml"]


def test_explicit_unknown_kind_is_listed_as_skipped(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.txt")
    targets, skipped = discover([str(tmp_path / "notes.txt")], cwd=tmp_path)
    assert targets == []
    assert [s.display for s in skipped] == ["notes.txt"]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(PathError, match="no such file or directory"):
        discover([str(tmp_path / "nope")], cwd=tmp_path)


def test_paths_outside_cwd_are_absolute(tmp_path: Path) -> None:
    _touch(tmp_path, "x/a.yml")
    targets, _ = discover([str(tmp_path / "x")], cwd=tmp_path / "elsewhere")
    assert targets[0].display == (tmp_path / "x" / "a.yml").as_posix()


def test_reads_go_past_a_size_that_grew_and_stop_at_the_limit(tmp_path: Path) -> None:
    import os

    from smtplint import files
    for limit, want in ((200_000, 60_000), (50_000, 50_000)):
        r, w = os.pipe()  # fstat said 10 bytes; the writer had written more by the time of the read
        os.write(w, b"x" * 60_000)  # less than a pipe's buffer: the write does not wait for a reader
        os.close(w)
        try:
            assert files._read_fd(r, 10, limit) == b"x" * want
        finally:
            os.close(r)
    big = tmp_path / "a.yml"
    big.write_bytes(b"y" * 5000)
    assert files.read_limited(big, 4999) == 5000 and files.read_limited(big, 5000) == b"y" * 5000
    assert files.read_regular(big, 10) == b"y" * 10 and files.read_limited(tmp_path, 10) is None
