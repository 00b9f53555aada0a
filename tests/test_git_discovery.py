"""Git-aware discovery: inside a work tree the files come from ``git ls-files`` (respecting .gitignore),
pruned like the walk; outside one, or when git lists nothing, the folder is walked."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from smtplint import files
from smtplint.files import discover

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

YAML = "smtp:\n  host: smtp.example.com\n  port: 25\n"


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root)}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _touch(root: Path, rel: str, text: str = YAML) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _touch(root, ".gitignore", "ignored/\n*.local.yml\n")
    for rel in ("a.yml", "ignored/b.yml", "c.local.yml", "sub/d.yml", "node_modules/e.yml", "gone.yml",
                "conf/.env", "app/mail.py"):
        _touch(root, rel)
    (root / "conf" / ".env").write_text("MAIL_HOST=smtp.example.com\n")
    (root / "app" / "mail.py").write_text('EMAIL_HOST = "smtp.example.com"\n')
    _git(root, "add", "a.yml", "gone.yml", ".gitignore", "app/mail.py")
    _git(root, "add", "-f", "node_modules/e.yml")  # tracked, but a skipped folder all the same
    (root / "gone.yml").unlink()  # still in the index, no longer on disk
    return root


def _displays(paths: list[str], cwd: Path, **kw: object) -> list[str]:
    with contextlib.chdir(cwd):
        targets, skipped = discover(paths, cwd=cwd, **kw)  # type: ignore[arg-type]
    assert skipped == []
    return [t.display for t in targets]


def test_git_listing_respects_gitignore_and_skipped_folders(repo: Path) -> None:
    # sub/d.yml and conf/.env are untracked but not ignored: listed; gone.yml is in the index only
    assert _displays(["."], repo) == ["a.yml", "app/mail.py", "conf/.env", "sub/d.yml"]


def test_git_listing_matches_the_walk_where_nothing_is_ignored(repo: Path) -> None:
    shutil.rmtree(repo / "ignored")
    (repo / "c.local.yml").unlink()
    walked = sorted(os.path.relpath(p, repo) for p, _ in files._walk(str(repo), ".", [], lambda _name: True))
    listed = sorted(os.path.relpath(p, repo) for p, _ in files._listed(repo, [], repo, lambda _name: True))
    assert listed == sorted([*walked, "gone.yml"])  # in the index only: discovery drops it (not a file)
    assert "node_modules/e.yml" not in listed


def test_explicit_files_are_linted_even_when_ignored(repo: Path) -> None:
    assert _displays(["ignored/b.yml", "c.local.yml"], repo) == ["c.local.yml", "ignored/b.yml"]


def test_an_ignored_folder_named_on_the_command_line_is_walked(repo: Path) -> None:
    assert _displays(["ignored"], repo) == ["ignored/b.yml"]


def test_a_subfolder_lists_only_its_files_with_display_paths_from_cwd(repo: Path) -> None:
    assert _displays(["sub"], repo) == ["sub/d.yml"]
    assert _displays(["."], repo / "sub") == ["d.yml"]
    # files outside the current folder are shown with absolute paths, as the walk shows them
    assert _displays([".."], repo / "sub") == [
        *[(repo / p).as_posix() for p in ("a.yml", "app/mail.py", "conf/.env")], "d.yml"]


def test_excludes_apply_to_listed_files_and_folders(repo: Path) -> None:
    assert _displays(["."], repo, excludes=["sub"]) == ["a.yml", "app/mail.py", "conf/.env"]
    assert _displays(["."], repo, excludes=["*.env", "a.yml"]) == ["app/mail.py", "sub/d.yml"]
    assert _displays(["."], repo, excludes=["conf/*"]) == ["a.yml", "app/mail.py", "sub/d.yml"]


def test_kinds_by_name_and_content_check(repo: Path) -> None:
    with contextlib.chdir(repo):
        targets, _ = discover(["."], cwd=repo)
    assert [t.format for t in targets] == ["yaml", "django", "dotenv", "yaml"]
    assert not any(t.explicit for t in targets)


def test_nested_repository_and_virtualenv_folders(repo: Path) -> None:
    inner = repo / "libs" / "inner"
    inner.mkdir(parents=True)
    _git(inner, "init", "-q")
    _touch(inner, "x.yml")
    _touch(repo, "env/pyvenv.cfg", "home = /usr\n")
    _touch(repo, "env/lib/y.yml")
    assert _displays(["."], repo) == ["a.yml", "app/mail.py", "conf/.env", "libs/inner/x.yml", "sub/d.yml"]


def test_outside_a_work_tree_the_folder_is_walked(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    _touch(plain, "ignored/b.yml")
    _touch(plain, ".gitignore", "ignored/\n")
    assert files._in_work_tree(plain) is None
    assert _displays(["."], plain) == ["ignored/b.yml"]


def test_git_failure_falls_back_to_the_walk(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    assert files._start_git(str(repo), files._GIT_TRACKED) is None
    # the walk does not read .gitignore: the ignored files are back, the deleted one is not
    assert _displays(["."], repo) == ["a.yml", "app/mail.py", "c.local.yml", "conf/.env", "ignored/b.yml",
                                      "sub/d.yml"]


def test_untracked_listing_failure_after_the_tracked_one_falls_back_to_the_walk(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the tracked files were already handed out; the walk adds the rest and nothing is listed twice
    monkeypatch.setattr(files, "_GIT_UNTRACKED", ("ls-files", "--no-such-option"))
    assert _displays(["."], repo) == ["a.yml", "app/mail.py", "c.local.yml", "conf/.env", "ignored/b.yml",
                                      "sub/d.yml"]


def test_tracked_and_untracked_files_are_listed_by_two_git_processes(repo: Path) -> None:
    tracked = files._git_output(files._start_git(str(repo), files._GIT_TRACKED))
    untracked = files._git_output(files._start_git(str(repo), files._GIT_UNTRACKED))
    assert tracked is not None and untracked is not None
    assert sorted(e.partition("\t")[2] for e in tracked) == [
        ".gitignore", "a.yml", "app/mail.py", "gone.yml", "node_modules/e.yml"]
    assert sorted(untracked) == ["conf/.env", "sub/d.yml"]


# ------------------------------------------------------------------------------ silence that does not lie


def test_no_respect_gitignore_walks_ignored_files_too(repo: Path) -> None:
    assert _displays(["."], repo, respect_gitignore=False) == [
        "a.yml", "app/mail.py", "c.local.yml", "conf/.env", "ignored/b.yml", "sub/d.yml"]


def test_ignored_files_that_look_like_mail_configuration_are_named(repo: Path) -> None:
    # ignored/b.yml and c.local.yml have an smtp block; an ignored YAML file without a mail word, a dependency
    # folder and a log file are not mentioned; files are looked at, never parsed
    _touch(repo, "ignored/other.yml", "name: build\nsteps: []\n")
    _touch(repo, "ignored/node_modules/pkg/mail.yml")
    _touch(repo, "ignored/deep/settings.py", 'EMAIL_HOST = "smtp.example.com"\n')
    _touch(repo, "ignored/deep/views.py", "def index():\n    return 'mail'\n")
    ignored: list[str] = []
    assert _displays(["."], repo, ignored=ignored) == ["a.yml", "app/mail.py", "conf/.env", "sub/d.yml"]
    assert ignored == ["c.local.yml", "ignored/b.yml", "ignored/deep/settings.py"]


def test_an_ignored_file_in_ignored_folders_git_also_lists_is_named_once(repo: Path) -> None:
    # a name ignored by a pattern (not a folder): git lists each folder holding only such files, its sub-folders
    # and the files themselves (mailcow's helper-scripts/docker-compose.override.yml.d/*/...)
    (repo / ".gitignore").write_text("ignored/\n*.local.yml\ndocker-compose.override.yml\n")
    _touch(repo, "overrides.d/HAPROXY/docker-compose.override.yml",
           "services:\n  app:\n    environment:\n      SMTP_HOST: smtp.example.com\n")
    _touch(repo, "overrides.d/DNS/docker-compose.override.yml", "services:\n  dns:\n    image: x\n")
    ignored: list[str] = []
    _displays(["."], repo, ignored=ignored)
    assert ignored == ["c.local.yml", "ignored/b.yml", "overrides.d/HAPROXY/docker-compose.override.yml"]


def test_summary_names_ignored_mail_files_and_the_flag(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from smtplint.cli import main
    monkeypatch.chdir(repo)
    assert main(["--format", "concise", "--select", "SMTP201", "."]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "2 files ignored by .gitignore look like mail configuration and were not checked (c.local.yml, "
        "ignored/b.yml); lint them with --no-respect-gitignore")
    assert main(["--format", "concise", "--select", "SMTP201", "--no-respect-gitignore", "."]) == 0
    assert capsys.readouterr().out == "All checks passed (6 files checked).\n"
    (repo / ".smtplint.toml").write_text("respect-gitignore = false\n")
    assert main(["--format", "concise", "--select", "SMTP201", "."]) == 0
    assert capsys.readouterr().out == "All checks passed (6 files checked).\n"
    assert main(["--format", "concise", "--select", "SMTP201", "--respect-gitignore", "."]) == 0
    assert "2 files ignored by .gitignore" in capsys.readouterr().out
    assert main(["--format", "json", "--select", "SMTP201", "--respect-gitignore", "."]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ignored"] == ["c.local.yml", "ignored/b.yml"]
    schema = json.loads((Path(files.__file__).parent / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)


def test_a_named_folder_whose_only_tracked_file_is_gitkeep_is_walked(repo: Path) -> None:
    _touch(repo, "data/conf/.gitignore", "*\n!.gitkeep\n!.gitignore\n")
    _touch(repo, "data/conf/.gitkeep", "")
    _touch(repo, "data/conf/mail.yml")
    _git(repo, "add", "data/conf/.gitkeep", "data/conf/.gitignore")
    assert _displays(["data/conf"], repo) == ["data/conf/mail.yml"]
    assert _displays(["data"], repo) == ["data/conf/mail.yml"]
    # inside a larger folder the ignore rules hold, and the summary names the file instead
    ignored: list[str] = []
    assert "data/conf/mail.yml" not in _displays(["."], repo, ignored=ignored)
    assert "data/conf/mail.yml" in ignored


def test_exclude_with_dot_slash_and_absolute_paths(repo: Path) -> None:
    expected = ["a.yml", "app/mail.py", "conf/.env"]
    assert _displays(["."], repo, excludes=["./sub"]) == expected
    assert _displays(["."], repo, excludes=["./sub/"]) == expected
    assert _displays(["."], repo, excludes=[str(repo / "sub")]) == expected
    assert _displays(["."], repo, excludes=[str(repo / "sub" / "d.yml")]) == expected
    assert _displays([".."], repo / "sub", excludes=[str(repo / "app")]) == [
        (repo / "a.yml").as_posix(), (repo / "conf/.env").as_posix(), "d.yml"]


def test_the_look_into_ignored_folders_is_bounded(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(repo, "ignored/deep/er/mail.yml")
    monkeypatch.setattr(files, "IGNORED_SCAN_ENTRIES", 2)  # ignored/ holds b.yml and deep/: the budget ends there
    ignored: list[str] = []
    _displays(["."], repo, ignored=ignored)
    assert ignored == ["c.local.yml", "ignored/b.yml"]
    monkeypatch.setattr(files, "IGNORED_SCAN_ENTRIES", 100)
    ignored.clear()
    _displays(["."], repo, ignored=ignored)
    assert ignored == ["c.local.yml", "ignored/b.yml", "ignored/deep/er/mail.yml"]


def test_a_git_that_hangs_is_stopped_at_the_timeout() -> None:
    """git is waited for at most the timeout; the process is killed and reaped, the listing is None."""
    import time

    proc = files._Git(["sleep", "30"])
    start = time.monotonic()
    assert proc.output(0.3) is None
    assert time.monotonic() - start < 10
    stopped = files._Git(["sleep", "30"])
    stopped.stop()  # its output not wanted: killed and reaped, no zombie, no open descriptor


def test_failing_git_gives_none_and_output_is_read_whole() -> None:
    assert files._Git(["false"]).output(30) is None
    big = files._Git(["python3", "-c", "import sys; sys.stdout.write('x' * 300000)"]).output(30)
    assert big is not None and len(big) == 300_000  # more than a pipe holds: read as it comes


def test_pumping_lets_git_go_on_while_its_output_is_not_read_yet(tmp_path: Path) -> None:
    """A git whose output fills more than its pipe holds stops until it is read: pump() reads what has come
    without waiting, so the command finishes before output() is asked; output() still gives every byte."""
    import sys
    import time

    done = tmp_path / "done"
    script = (f"import sys, pathlib; sys.stdout.write('x' * 3_000_000); sys.stdout.flush(); "
              f"pathlib.Path({str(done)!r}).touch()")
    proc = files._Git([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not done.exists() and time.monotonic() < deadline:
        proc.pump()
        time.sleep(0.001)
    assert done.exists()  # 3 MB is more than any pipe buffer: it finished only because pump read it
    proc.pump()
    out = proc.output(30)
    assert out is not None and len(out) == 3_000_000


def test_git_grep_is_pumped_while_discovery_lists(code_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Discovery reads the running git grep as it lists (a full pipe would stop it) and drops the same files."""
    monkeypatch.chdir(code_repo)
    monkeypatch.setattr(files, "GATE_MIN", 1)
    pumped: list[int] = []
    original = files._Git.pump

    def pump(self: files._Git) -> None:
        pumped.append(1)
        original(self)

    monkeypatch.setattr(files._Git, "pump", pump)
    pumped_targets = [t.display for t in discover(["."], cwd=code_repo)[0]]
    assert pumped
    monkeypatch.setattr(files._Git, "pump", lambda self: None)  # read only when asked, as before
    assert pumped_targets == [t.display for t in discover(["."], cwd=code_repo)[0]]
    assert "app/plain.py" not in pumped_targets and "app/mailer.py" in pumped_targets


def test_a_run_in_a_git_repository_does_not_import_subprocess(tmp_path: Path) -> None:
    import sys

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "app.env").write_text("SMTP_HOST=mail.example.com\nSMTP_PORT=25\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    code = ("import sys, io; from smtplint.cli import main; sys.stdout = io.StringIO()\n"
            "try:\n    main(['.'])\nexcept SystemExit:\n    pass\n"
            "sys.stdout = sys.__stdout__; print('subprocess' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def code_repo(tmp_path: Path) -> Path:
    """Source files of gated names: some hold their format's words, most not; a UTF-16 one git calls binary;
    a settings module claimed by name; an untracked file; one a user's kind mapping claims; a deleted one."""
    root = tmp_path / "code"
    root.mkdir()
    _git(root, "init", "-q")
    _touch(root, "app/plain.py", "print('hello')\n")
    _touch(root, "app/mailer.py", "import smtplib\nsmtplib.SMTP('smtp.example.com', 25).login('u', 'p')\n")
    _touch(root, "web/plain.js", "export const x = 1;\n")
    _touch(root, "web/PLAIN2.JS", "export const y = 2;\n")
    _touch(root, "web/mail.js", "nodemailer.createTransport({host: 'smtp.example.com', port: 587, secure: true})\n")
    _touch(root, "site/settings.py", "DEBUG = True\n")  # claimed by its name, never dropped
    (root / "app" / "wide.py").write_bytes("import smtplib\nsmtplib.SMTP('smtp.example.com', 25)\n".encode("utf-16"))
    _touch(root, "app/mapped.py", "print('by kind')\n")
    _touch(root, "app/gone.py", "print('deleted')\n")
    _git(root, "add", "-A")
    (root / "app" / "gone.py").unlink()
    _touch(root, "app/untracked.py", "print('new')\n")
    return root


def _code_targets(root: Path, monkeypatch: pytest.MonkeyPatch, gate_min: int) -> dict[str, bool]:
    from smtplint.files import Kinds

    monkeypatch.setattr(files, "GATE_MIN", gate_min)
    kinds = Kinds(lambda path: "python" if path.endswith("mapped.py") else None, lambda name: name == "mapped.py",
                  lambda _configs: True)  # a glob that claims files, as --kind gives
    with contextlib.chdir(root):
        targets, _skipped = discover(["."], cwd=root, kinds=kinds)
    return {t.display: t.probe for t in targets}


def test_git_grep_leaves_out_files_without_gate_words(code_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _code_targets(code_repo, monkeypatch, 1)
    whole = _code_targets(code_repo, monkeypatch, 10**9)
    assert sorted(whole) == ["app/mailer.py", "app/mapped.py", "app/plain.py", "app/untracked.py", "app/wide.py",
                             "site/settings.py", "web/PLAIN2.JS", "web/mail.js", "web/plain.js"]
    # dropped: tracked text files of probed names holding none of the words; kept: the rest
    assert sorted(gated) == ["app/mailer.py", "app/mapped.py", "app/untracked.py", "app/wide.py",
                             "site/settings.py", "web/mail.js"]
    assert gated["app/mapped.py"] is False and gated["site/settings.py"] is False


def test_git_grep_gives_the_same_findings(code_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smtplint.cli import main

    def report(gate_min: int) -> str:
        monkeypatch.setattr(files, "GATE_MIN", gate_min)
        out = io.StringIO()
        with contextlib.chdir(code_repo), contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main([".", "--format", "json"])
        return out.getvalue()

    gated, whole = report(1), report(10**9)
    assert json.loads(gated)["findings"] and gated == whole


def test_gate_words_refuse_what_the_sniffers_would_accept_without_them() -> None:
    """A gated format's sniffer is never asked about bytes without one of its gate words (by construction)."""
    from smtplint import formats

    python = formats.get("python")
    assert python.gate and formats.confirmed(python, "x.py", b"x = 1\n") is None
    assert formats.confirmed(python, "x.py", b"import smtplib\nsmtplib.SMTP('h', 25)\n") is python
    for fmt in formats.FORMATS.values():
        if fmt.gate:
            assert all(word in formats.GATE_WORDS or any(g in word for g in formats.GATE_WORDS)
                       for word in fmt.gate)


def _asked(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose kind the command line asked of the configuration, in a run with git grep."""
    from smtplint.cli import main
    from smtplint.config import Resolver

    monkeypatch.setattr(files, "GATE_MIN", 1)
    asked: list[str] = []
    original = Resolver.kind_for

    def kind_for(self: Resolver, path: str) -> str | None:
        asked.append(os.path.relpath(path, root))
        return original(self, path)

    monkeypatch.setattr(Resolver, "kind_for", kind_for)
    with contextlib.chdir(root), contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(["."])
    return asked


def test_files_git_grep_drops_are_not_asked_about_when_no_kinds_glob_exists(
        code_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a kinds glob anywhere, a file git grep found without the gate words is passed over without a
    configuration look-up in its folder; the files it keeps are asked as before."""
    _touch(code_repo, "pyproject.toml", '[project]\nname = "x"\n')  # a configuration file without kinds
    _git(code_repo, "add", "pyproject.toml")
    asked = _asked(code_repo, monkeypatch)
    assert "app/plain.py" not in asked and "web/plain.js" not in asked
    assert "app/mailer.py" in asked and "app/untracked.py" in asked


def _kinds_with_configuration(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Each target's kind, discovered with git grep and the configuration as the command line wires it."""
    from smtplint.config import CONFIG_FILES, Cli, Resolver
    from smtplint.files import Kinds
    from smtplint.rules import RULES

    monkeypatch.setattr(files, "GATE_MIN", 1)
    with contextlib.chdir(root):
        resolver = Resolver(Cli(), list(RULES))
        kinds = Kinds(resolver.kind_for, resolver.kind_names(["."]),
                      lambda configs: resolver.kinds_may_claim(["."], configs), CONFIG_FILES)
        targets, _skipped = discover(["."], cwd=root, kinds=kinds, ignored=[])
    return {t.display: t.format for t in targets}


@pytest.mark.parametrize("where", ["tracked", "untracked", "ignored"])
def test_a_kinds_glob_in_a_nested_configuration_still_claims_a_file_without_gate_words(
        code_repo: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """A nested configuration whose kinds glob claims a file git grep drops keeps it, wherever git lists
    the configuration file (tracked, untracked or ignored)."""
    _touch(code_repo, "web/.smtplint.toml", 'kinds = {"plain.js" = "dotenv"}\n')
    (code_repo / "web" / "plain.js").write_text("HOST=a\n")  # no gate word: git grep drops it
    if where == "tracked":
        _git(code_repo, "add", "web/.smtplint.toml", "web/plain.js")
    elif where == "ignored":
        _touch(code_repo, ".gitignore", ".smtplint.toml\n")
        _git(code_repo, "add", ".gitignore", "web/plain.js")
    else:
        _git(code_repo, "add", "web/plain.js")
    found = _kinds_with_configuration(code_repo, monkeypatch)
    assert found.get("web/plain.js") == "dotenv"
    assert "app/plain.py" not in found  # still dropped: no glob of that configuration claims it


def test_a_configuration_beside_a_tracked_file_in_an_ignored_folder_is_seen(
        code_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git lists an ignored folder as one entry unless one of its files is tracked: then its configuration
    file is listed too, and its kinds glob claims the tracked file git grep drops."""
    _touch(code_repo, ".gitignore", "vendored/\n")
    _touch(code_repo, "vendored/lib.py", "print('forced in')\n")
    _touch(code_repo, "vendored/.smtplint.toml", 'kinds = {"lib.py" = "dotenv"}\n')
    _git(code_repo, "add", ".gitignore")
    _git(code_repo, "add", "-f", "vendored/lib.py")
    assert _kinds_with_configuration(code_repo, monkeypatch).get("vendored/lib.py") == "dotenv"
