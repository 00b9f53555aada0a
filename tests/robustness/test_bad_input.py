"""Broken, binary, huge, special and oddly named files: reported or skipped, never a crash or a hang."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smtplint.engine import Engine
from smtplint.files import discover
from tests.robustness._support import REPO, report, run_inprocess, run_sandboxed

CONFIG_NAMES = ["config.yml", ".env", "settings.py", "main.cf", "master.cf", "mail.properties", "app.ini",
                "realm.json"]
# SMTP105 at 4:3 only (credentials from the environment)
YAML_BAD = b"smtp:\n  host: smtp.example.com\n  port: 587\n  security: ssl\n  username: ${U}\n  password: ${P}\n"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path smtplint opens in this process (builtins.open, io.open, os.open, Path.open)."""
    seen: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(os.fspath(file) if isinstance(file, (str, bytes, os.PathLike)) else repr(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        seen.append(os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return seen


def _json(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_inprocess("--format", "json", "--jobs", "1", "--isolated", *args)
    return code, report(out), err


@pytest.mark.parametrize("name", CONFIG_NAMES)
def test_binary_file_under_a_config_name_is_one_parse_error(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"smtp mail EMAIL_HOST \x00\x01\x02\xff" * 50)
    code, doc, _ = _json(str(tmp_path / name))
    assert code == 1
    assert [(f["rule"], f["line"], f["column"]) for f in doc["findings"]] == [("SMTP001", 1, 1)]
    assert "binary" in doc["findings"][0]["message"]


def test_invalid_utf8_is_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_bytes(b"smtp:\n  host: caf\xe9\n")
    code, doc, _ = _json(str(tmp_path / "config.yml"))
    assert code == 1
    assert [(f["rule"], f["line"], f["column"]) for f in doc["findings"]] == [("SMTP001", 2, 12)]


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
def test_byte_order_marks_do_not_shift_columns(bom: bytes, tmp_path: Path) -> None:
    text = YAML_BAD.decode()
    codec = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}[bom]
    (tmp_path / "config.yml").write_bytes(bom + text.encode(codec))
    code, doc, _ = _json(str(tmp_path / "config.yml"))
    assert code == 1
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in doc["findings"]] == [
        ("SMTP105", 4, 3, 16)]


def test_utf16_bom_with_broken_body_is_a_parse_error(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_bytes(b"\xff\xfe" + "smtp: x".encode("utf-16-le") + b"\x00")
    code, doc, _ = _json(str(tmp_path / "config.yml"))
    assert code == 1
    assert [f["rule"] for f in doc["findings"]] == ["SMTP001"]


def test_a_tab_is_one_column(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MAIL_HOST=smtp.example.com\nMAIL_PORT=587\n\tMAIL_ENCRYPTION=ssl\n")
    code, doc, _ = _json(str(tmp_path / ".env"))
    assert code == 1
    assert ("SMTP103", 3, 2) in [(f["rule"], f["line"], f["column"]) for f in doc["findings"]]


@pytest.mark.parametrize("name", CONFIG_NAMES)
def test_empty_and_blank_files_are_clean(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"")
    (tmp_path / "blank").mkdir()
    (tmp_path / "blank" / name).write_bytes(b" \n\n\t\n")
    code, doc, _ = _json(str(tmp_path / name), str(tmp_path / "blank" / name))
    assert (code, doc["findings"], doc["errors"]) == (0, [], [])


def test_oversized_file_is_skipped_without_being_opened(tmp_path: Path, opened: list[str]) -> None:
    huge = tmp_path / "huge.yml"
    with open(huge, "wb") as fh:  # sparse: 6 GiB on the size, nothing on the disk
        fh.truncate(6 << 30)
    small = tmp_path / "config.yml"
    small.write_bytes(YAML_BAD)
    opened.clear()
    code, doc, _ = _json(str(tmp_path))
    assert code == 1
    assert [s["path"] for s in doc["skipped"]] == [huge.as_posix()]
    assert "larger than the maximum file size" in doc["skipped"][0]["reason"]
    assert [f["rule"] for f in doc["findings"]] == ["SMTP105"]
    assert str(huge) not in opened and str(small) in opened


def test_max_file_size_option_applies_to_explicit_files(tmp_path: Path, opened: list[str]) -> None:
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    opened.clear()
    code, doc, _ = _json("--max-file-size", "10", str(tmp_path / "config.yml"))
    assert code == 0 and doc["findings"] == [] and len(doc["skipped"]) == 1
    assert str(tmp_path / "config.yml") not in opened


def test_symlink_loops_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    os.symlink("loop-b.yml", tmp_path / "loop-a.yml")
    os.symlink("loop-a.yml", tmp_path / "loop-b.yml")
    os.symlink("missing.yml", tmp_path / "dangling.yml")
    os.symlink("nowhere_settings.py", tmp_path / "gone_settings.py")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a directory loop: links to folders are not followed
    os.symlink(".", tmp_path / "sub" / "self")
    code, doc, _ = _json(str(tmp_path))
    assert code == 1 and doc["errors"] == [] and doc["skipped"] == []
    assert [f["path"] for f in doc["findings"]] == [(tmp_path / "config.yml").as_posix()]
    code, doc, _ = _json(str(tmp_path / "loop-a.yml"), str(tmp_path / "dangling.yml"))
    assert code == 0
    assert [(Path(s["path"]).name, s["reason"].split(":")[0]) for s in doc["skipped"]] == [
        ("dangling.yml", "cannot be read"), ("loop-a.yml", "cannot be read")]


def test_unreadable_file_and_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission errors (simulated, so that the test also means something when run as root)."""
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    (tmp_path / "locked.yml").write_bytes(YAML_BAD)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "inner.yml").write_bytes(YAML_BAD)
    real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

    def deny_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file).endswith("locked.yml"):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    def deny_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("locked.yml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    def deny_scandir(path: Any = ".") -> Any:
        if os.fspath(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(builtins, "open", deny_open)
    monkeypatch.setattr(os, "open", deny_os_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    code, doc, _ = _json(str(tmp_path))
    assert code == 1 and doc["errors"] == []
    assert [f["path"] for f in doc["findings"]] == [(tmp_path / "config.yml").as_posix()]
    assert [(s["path"], s["reason"]) for s in doc["skipped"]] == [((tmp_path / "locked.yml").as_posix(),
                                                                    "cannot be read: Permission denied")]


# root reads any file whatever its mode, through these two capabilities; without them root obeys the mode bits
_DROP_READ_ANYTHING = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def test_unreadable_file_and_folder_for_real(tmp_path: Path) -> None:
    """Mode 0 on a file and a folder, for real. As root, smtplint runs without the capabilities that let root
    read everything (setpriv), so the modes hold for it as for any user."""
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    (tmp_path / "locked.yml").write_bytes(YAML_BAD)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "inner.yml").write_bytes(YAML_BAD)
    os.chmod(tmp_path / "locked.yml", 0)
    os.chmod(tmp_path / "closed", 0)
    try:
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("root reads files whatever their mode, and setpriv (util-linux) is not installed")
            proc = subprocess.run([*_DROP_READ_ANYTHING, sys.executable, "-m", "smtplint", "--format", "json",
                                   "--jobs", "1", "--isolated", str(tmp_path)], capture_output=True, text=True,
                                  timeout=120, check=False, cwd=REPO)
            code, doc = proc.returncode, report(proc.stdout)
            assert (tmp_path / "locked.yml").read_bytes() == YAML_BAD  # root itself still reads it
        else:
            code, doc, _ = _json(str(tmp_path))
    finally:
        os.chmod(tmp_path / "closed", 0o755)
    assert code == 1 and doc["errors"] == []
    assert [f["path"] for f in doc["findings"]] == [(tmp_path / "config.yml").as_posix()]
    assert [s["path"] for s in doc["skipped"]] == [(tmp_path / "locked.yml").as_posix()]


def test_file_vanishing_between_discovery_and_reading(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    (tmp_path / "gone.yml").write_bytes(YAML_BAD)
    targets, skipped = discover([str(tmp_path)], cwd=tmp_path)
    (tmp_path / "gone.yml").unlink()
    result = Engine(cwd=tmp_path).run(targets, skipped)
    assert [f.span.path for f in result.findings] == ["config.yml"]
    assert [(s.display, s.reason.split(":")[0]) for s in result.skipped] == [("gone.yml", "cannot be read")]
    assert result.errors == []


SWAP_FOR_FIFO = """
import json, os, sys
from pathlib import Path
from smtplint.engine import Engine
from smtplint.files import discover
root = Path(sys.argv[1])
targets, skipped = discover([str(root)], cwd=root)
for name in sys.argv[2:]:
    os.unlink(root / name)
    os.mkfifo(root / name)  # no writer: opening it for reading the usual way blocks forever
result = Engine(cwd=root, jobs=1).run(targets, skipped)
print(json.dumps({"findings": sorted({f.span.path for f in result.findings}), "errors": len(result.errors),
                  "skipped": [[s.display, s.reason] for s in result.skipped]}))
"""


def test_file_swapped_for_a_fifo_between_discovery_and_reading(tmp_path: Path) -> None:
    """The engine's reader opens without blocking and reads regular files only (the timeout fails a hang)."""
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    names = ["swapped.yml", "swapped_settings.py", "main.cf", "mail.properties"]
    for name in names:
        (tmp_path / name).write_bytes(YAML_BAD if name.endswith(".yml") else b"spring.mail.host=x\n")
    proc = subprocess.run([sys.executable, "-c", SWAP_FOR_FIFO, str(tmp_path), *names], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0, proc.stderr
    # mail.properties is a target only once its bytes show spring.mail. settings (Target.probe): a FIFO by then
    # is no target at all, as it would be had it been one during discovery
    assert json.loads(proc.stdout) == {"findings": ["config.yml"], "errors": 0,
                                       "skipped": [[n, "not a regular file"] for n in sorted(names)
                                                   if n != "mail.properties"]}


def test_content_check_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    """The look into .properties/.ini/.json/.py files reads regular files only (subprocess: no hang): discovery
    drops FIFOs found in a folder, and the engine's probe of a file swapped for one reads nothing."""
    for name in ("mail.properties", "other.ini", "realm.json", "helper.py"):
        os.mkfifo(tmp_path / name)
    code = ("import sys\nfrom smtplint.engine import Engine, Result\nfrom smtplint.files import Target, discover, "
            "read_regular, read_limited\n"
            "root = sys.argv[1]\n"
            "print([t.display for t in discover([root])[0]], read_regular(root + '/other.ini', 10), "
            "read_limited(root + '/helper.py', 10))\n"
            "probe = Target(root + '/helper.py', 'helper.py', 'django', probe=True)\n"
            "print(Engine(jobs=1).parse(probe, Result()))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[] None None\nNone\n"


def _special_tree(root: Path) -> None:
    (root / "config.yml").write_bytes(YAML_BAD)
    for name in ("fifo.yml", "fifo_settings.py", "fifo.json", "fifo.ini", "main.cf"):
        os.mkfifo(root / name)
    os.symlink("fifo.yml", root / "link-to-fifo.yml")
    os.symlink("fifo_settings.py", root / "helper.py")  # a .py outside the settings names: content check
    os.symlink("/dev/zero", root / "zero.yml")
    os.symlink("/dev/null", root / "null_settings.py")
    os.symlink("/dev/zero", root / "zero.json")


@pytest.mark.parametrize("git", [False, True], ids=["walk", "git-listing"])
def test_fifos_and_devices_are_never_opened(git: bool, tmp_path: Path) -> None:
    """A FIFO opened for reading blocks forever: the subprocess timeout would fail this test."""
    tree = tmp_path / "tree"
    tree.mkdir()
    _special_tree(tree)
    if git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(["git", "init", "-q", str(tree)], check=True)
        subprocess.run(["git", "-C", str(tree), "add", "config.yml", "link-to-fifo.yml", "helper.py", "zero.yml",
                        "null_settings.py", "zero.json"], check=True)
    proc = run_sandboxed(["--format", "json", "--jobs", "1", "--isolated", "."], tree, tmp_path, timeout=60)
    doc = report(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in doc["findings"]] == ["config.yml"]
    assert doc["files_checked"] == 1 and doc["skipped"] == [] and doc["errors"] == []
    names = ["fifo.yml", "link-to-fifo.yml", "fifo_settings.py", "main.cf", "zero.yml", "null_settings.py"]
    proc = run_sandboxed(["--format", "json", "--jobs", "1", "--isolated", *names], tree, tmp_path, timeout=60)
    doc = report(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    assert [(s["path"], s["reason"]) for s in doc["skipped"]] == [(n, "not a regular file") for n in sorted(names)]


def test_device_files_are_not_opened_in_process(tmp_path: Path, opened: list[str]) -> None:
    os.symlink("/dev/zero", tmp_path / "zero.yml")
    os.symlink("/dev/zero", tmp_path / "zero_settings.py")
    os.symlink("/dev/zero", tmp_path / "helper.py")
    opened.clear()
    code, doc, _ = _json(str(tmp_path), str(tmp_path / "zero.yml"))
    assert code == 0 and doc["files_checked"] == 0
    assert not [p for p in opened if "zero" in p or "helper" in p or p.startswith("/dev/")]


def test_missing_path_is_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_bytes(YAML_BAD)
    code, out, err = run_inprocess("--isolated", str(tmp_path / "config.yml"), str(tmp_path / "nope.yml"))
    assert code == 2 and out == ""
    assert err == f"smtplint: {tmp_path / 'nope.yml'}: no such file or directory\n"


@pytest.mark.parametrize("name", ["with space.yml", "ñandú €.yml", "new\nline.yml", "tab\there.yml",
                                  "\x1b[31mred.yml", "cr\rret.yml", "%41 #frag?q.yml"])
def test_odd_file_names(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / name).write_bytes(YAML_BAD)
    monkeypatch.chdir(tmp_path)
    code, doc, _ = _json(".")
    assert code == 1 and [(f["path"], f["line"]) for f in doc["findings"]] == [(name, 4)]
    code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", "concise", ".")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith(name.encode("unicode_escape").decode("ascii")
                                                   if not name.isprintable() else name)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in out.replace("\n", ""))


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_name_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.yml"), "wb") as fh:
        fh.write(YAML_BAD)
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", fmt, ".")
        assert code == 1, (fmt, err)
        out.encode("ascii" if fmt in ("json", "sarif", "gitlab") else "utf-8")  # no lone surrogate escapes
    code, out, _ = run_inprocess("--isolated", "--jobs", "1", "--format", "sarif", ".")
    assert '"uri": "bad%FF.yml"' in out


SYNTAX = {
    "error": ("EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = = 25\n", [("SMTP001", 2, 14)]),
    "unterminated": ("EMAIL_HOST = 'smtp.example.com\n", [("SMTP001", 1, 14)]),
    "py312-type-alias": ("type Port = int\nEMAIL_HOST = 'smtp.example.com'\n", [("SMTP001", 1, 6)]),
    "py312-fstring-quotes": ('EMAIL_HOST = f"{"smtp"}.example.com"\nEMAIL_PORT = 25\n', None),
    "py314-except-no-parens": ("try:\n    pass\nexcept ValueError, TypeError:\n    pass\nEMAIL_PORT = 25\n",
                               [("SMTP001", 3, 8)]),
    "match": ("match 1:\n    case 1:\n        EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 587\n", None),
    "nul": ("EMAIL_HOST = 'a'\x00\n", [("SMTP001", 1, 1)]),  # a NUL byte: a binary file
}


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_python_syntax_errors_and_newer_syntax(case: str, tmp_path: Path) -> None:
    source, expected = SYNTAX[case]
    (tmp_path / "settings.py").write_text(source)
    code, doc, _ = _json(str(tmp_path / "settings.py"))
    assert code in (0, 1) and doc["errors"] == []
    got = [(f["rule"], f["line"], f["column"]) for f in doc["findings"] if f["rule"] == "SMTP001"]
    if expected is not None:
        assert got == expected
    elif sys.version_info >= (3, 12) or case == "match":
        assert got == []
    else:
        assert [g[0] for g in got] == ["SMTP001"]


def test_warnings_of_the_linted_module_are_not_printed(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('EMAIL_HOST = "smtp\\.example.com"\nx = 1if 1 else 2\nEMAIL_PORT = 587\n')
    code, out, err = run_inprocess("--isolated", "--jobs", "1", str(tmp_path / "settings.py"))
    assert err == "" and code in (0, 1), out
