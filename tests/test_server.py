"""smtplint server: a real LSP client (JSON-RPC over the server process's stdin/stdout) drives it."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

TIMEOUT = 30.0
BAD_ENV = ("SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_USER=app@example.com\nSMTP_PASS=${SMTP_PASS}\n"
           "# keep this comment\nNODE_TLS_REJECT_UNAUTHORIZED=0\n")


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC, a reader thread, requests matched by id."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "smtplint", "server"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, "SMTPLINT_LANG": "en"})
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.held: list[dict[str, Any]] = []
        self.asked: list[dict[str, Any]] = []  # requests from the server, answered with null
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                header = out.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _sep, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait(self, match: Any) -> dict[str, Any]:
        for i, message in enumerate(self.held):
            if match(message):
                return self.held.pop(i)
        while True:
            message = self.inbox.get(timeout=TIMEOUT)
            if "method" in message and "id" in message:  # the server asks (client/registerCapability)
                self.asked.append(message)
                self.send({"id": message["id"], "result": None})
                continue
            if message.get("method") in ("window/logMessage", "window/showMessage") and "error" in json.dumps(
                    message).lower():
                raise AssertionError(message)
            if match(message):
                return message
            self.held.append(message)

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == ident and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri)
        return list(message["params"]["diagnostics"])


WATCHING = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}


def _started(tmp_path: Path, capabilities: dict[str, Any]) -> Any:
    c = Client(tmp_path)
    c.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": capabilities})
    c.notify("initialized", {})
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


@pytest.fixture
def client(tmp_path: Path) -> Any:
    yield from _started(tmp_path, {})


@pytest.fixture
def watching_client(tmp_path: Path) -> Any:
    """A client that lets the server register file watchers (VS Code, Neovim do)."""
    yield from _started(tmp_path, WATCHING)


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def test_diagnostics_change_code_actions_hover_and_shutdown(client: Client, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(BAD_ENV)
    uri = _uri(env)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dotenv", "version": 1,
                                                            "text": BAD_ENV}})
    [diagnostic] = client.diagnostics(uri)
    assert diagnostic["code"] == "SMTP106" and diagnostic["source"] == "smtplint"
    assert diagnostic["severity"] == 1
    assert diagnostic["range"] == {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 30}}
    assert diagnostic["codeDescription"]["href"] == \
        "https://github.com/smtplint/smtplint/blob/main/docs/rules.md#smtp106-certificate-verification-disabled"
    assert "NODE_TLS_REJECT_UNAUTHORIZED=0" in diagnostic["message"]

    # a change (debounced) that fixes it: the diagnostics go
    fixed = BAD_ENV.replace("=0", "=1")
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": fixed}]})
    assert client.diagnostics(uri) == []
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": BAD_ENV}]})
    [diagnostic] = client.diagnostics(uri)

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]}})
    by_title = {a["title"]: a for a in actions}
    fix = by_title["Fix SMTP106: switch certificate verification back on"]
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    assert fix["edit"]["changes"][uri] == [{"range": {"start": {"line": 5, "character": 29},
                                                      "end": {"line": 5, "character": 30}}, "newText": "1"}]
    suppress = by_title["Suppress SMTP106 on this line (smtplint: disable-next-line)"]
    assert suppress["edit"]["changes"][uri] == [{
        "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}},
        "newText": "# smtplint: disable-next-line=SMTP106 -- reason\n"}]
    assert env.read_text() == BAD_ENV  # the server never writes a file

    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 5, "character": 5}})
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith("# SMTP106 certificate-verification-disabled")
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": 0, "character": 1}}) is None

    # the editor applies the suppression: the same suppression rules as the CLI
    lines = BAD_ENV.splitlines(keepends=True)
    suppressed = "".join([*lines[:5], suppress["edit"]["changes"][uri][0]["newText"], *lines[5:]])
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                             "contentChanges": [{"text": suppressed}]})
    assert client.diagnostics(uri) == []

    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=TIMEOUT) == 0, client.proc.stderr.read() if client.proc.stderr else ""


def test_a_change_to_main_cf_refreshes_the_open_master_cf(client: Client, tmp_path: Path) -> None:
    master = tmp_path / "master.cf"
    master.write_text("submission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"
                      "  -o smtpd_sasl_auth_enable=yes\n")
    main_cf = tmp_path / "main.cf"
    main_cf.write_text("smtpd_tls_security_level = may\n")
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(master), "languageId": "postfix",
                                                            "version": 1, "text": master.read_text()}})
    [diagnostic] = client.diagnostics(_uri(master))
    assert diagnostic["code"] == "SMTP302"
    assert diagnostic["relatedInformation"][0]["location"]["uri"] == _uri(main_cf)
    # main.cf opened with unsaved text requiring TLS: master.cf is judged with it and published again
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(main_cf), "languageId": "postfix",
                                                            "version": 1,
                                                            "text": "smtpd_tls_security_level = encrypt\n"}})
    assert [d["code"] for d in client.diagnostics(_uri(master))] == []
    client.request("shutdown", None)
    client.notify("exit", None)
    assert client.proc.wait(timeout=TIMEOUT) == 0


def _close(client: Client) -> None:
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=TIMEOUT) == 0


def _until(client: Client, uri: str, wanted: Any) -> list[dict[str, Any]]:
    """The diagnostics of the first publication for ``uri`` that ``wanted`` accepts (earlier ones are
    intermediate: a document is published again when another open document's lint changes it)."""
    for _attempt in range(10):
        diagnostics = client.diagnostics(uri)
        if wanted(diagnostics):
            return diagnostics
    raise AssertionError(f"no publication for {uri} matched")


def _messages(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"{d['code']} {d['message']}" for d in diagnostics]


def test_a_star_imported_module_in_another_folder_shows_and_refreshes_the_settings_findings(
        client: Client, tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "site").mkdir()
    base = tmp_path / "common" / "mail_settings.py"
    base_text = 'EMAIL_HOST = "smtp.example.com"\nEMAIL_HOST_USER = "app"\nEMAIL_USE_SSL = True\n'
    base.write_text(base_text)
    settings = tmp_path / "site" / "settings.py"
    settings_text = "from common.mail_settings import *  # noqa: F403\nEMAIL_PORT = 587\n"
    settings.write_text(settings_text)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(settings), "languageId": "python",
                                                            "version": 1, "text": settings_text}})
    # the flag is in the base module, the port in the linted file: the finding is placed on the port's line
    # (the engine anchors a cross-file finding in the file the run lints), the base module's line related
    found = _until(client, _uri(settings), lambda ds: any("port 587" in m for m in _messages(ds)))
    [from_settings] = [d for d in found if "port 587" in d["message"]]
    assert from_settings["code"] == "SMTP105" and from_settings["range"]["start"]["line"] == 1
    assert from_settings["relatedInformation"][0]["location"]["uri"] == _uri(base)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(base), "languageId": "python",
                                                            "version": 1, "text": base_text}})
    # the settings file edited: its diagnostics follow
    client.notify("textDocument/didChange", {"textDocument": {"uri": _uri(settings), "version": 2},
                                             "contentChanges": [{"text": settings_text.replace("587", "465")}]})
    _until(client, _uri(settings), lambda ds: not any("port 587" in m for m in _messages(ds)))
    # the base module edited (not saved): the settings file in the other folder is linted again with it
    client.notify("textDocument/didChange", {"textDocument": {"uri": _uri(base), "version": 2}, "contentChanges": [
        {"text": base_text.replace("EMAIL_USE_SSL", "EMAIL_USE_TLS")}]})
    _until(client, _uri(settings),
           lambda ds: any("port 465" in m and "EMAIL_USE_TLS" in m for m in _messages(ds)))
    _close(client)


def test_files_changed_outside_the_editor_refresh_the_open_ones(watching_client: Client, tmp_path: Path) -> None:
    client = watching_client
    master = tmp_path / "master.cf"
    master.write_text("submission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"
                      "  -o smtpd_sasl_auth_enable=yes\n")
    main_cf = tmp_path / "main.cf"
    main_cf.write_text("smtpd_tls_security_level = encrypt\n")
    env = tmp_path / ".env"
    env.write_text(BAD_ENV)
    for path, language in ((master, "postfix"), (env, "dotenv")):
        client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(path), "languageId": language,
                                                                "version": 1, "text": path.read_text()}})
    assert client.diagnostics(_uri(master)) == []
    assert [d["code"] for d in client.diagnostics(_uri(env))] == ["SMTP106"]
    [registration] = [r for asked in client.asked if asked["method"] == "client/registerCapability"
                      for r in asked["params"]["registrations"]]
    assert registration["method"] == "workspace/didChangeWatchedFiles"
    patterns = [w["globPattern"] for w in registration["registerOptions"]["watchers"]]
    assert {"**/main.cf", "**/.smtplint.toml", "**/pyproject.toml"} <= set(patterns)
    # main.cf changed on disk (a checkout): the open master.cf is judged with the new main.cf
    main_cf.write_text("smtpd_tls_security_level = may\n")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": _uri(main_cf), "type": 2}]})
    _until(client, _uri(master), lambda ds: [d["code"] for d in ds] == ["SMTP302"])
    # a configuration file created: read again, every open document linted with it
    config = tmp_path / ".smtplint.toml"
    config.write_text('ignore = ["SMTP106"]\n')
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": _uri(config), "type": 1}]})
    _until(client, _uri(env), lambda ds: ds == [])
    # a broken configuration: said once in a message, as the CLI says it; no diagnostics, no crash
    config.write_text("select = 5\n")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": _uri(config), "type": 2}]})
    shown = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert shown["params"] == {"type": 2, "message": "smtplint: .smtplint.toml: select: expected a list, got a number"}
    assert env.read_text() == BAD_ENV and main_cf.read_text() == "smtpd_tls_security_level = may\n"
    _close(client)


def test_a_password_fix_reaches_the_editor_as_removed_spaces_only(client: Client, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    text = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_USER=app@example.com\nSMTP_PASSWORD=wxyq vkzr jhtu plmo\n"
    env.write_text(text)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(env), "languageId": "dotenv", "version": 1,
                                                            "text": text}})
    diagnostics = client.diagnostics(_uri(env))
    [app_password] = [d for d in diagnostics if d["code"] == "SMTP202"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": _uri(env)}, "range": app_password["range"],
        "context": {"diagnostics": diagnostics}})
    fix = next(a for a in actions if a["title"].startswith("Fix SMTP202"))
    assert fix["title"] == "Fix SMTP202: remove the stray whitespace from the password (unsafe)"
    assert "isPreferred" not in fix
    edits = fix["edit"]["changes"][_uri(env)]
    assert [(e["range"]["start"]["character"], e["range"]["end"]["character"], e["newText"]) for e in edits] == [
        (18, 19, ""), (23, 24, ""), (28, 29, "")]
    # nothing the server sent holds the password's letters run together (what the fix keeps)
    assert "wxyqvkzrjhtuplmo" not in json.dumps([actions, diagnostics, client.held])
    assert env.read_text() == text
    _close(client)


def test_server_takes_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    from smtplint.cli import main

    assert main(["server", "--stdio"]) == 2
    assert "takes no arguments" in capsys.readouterr().err
