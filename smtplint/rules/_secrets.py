"""Is a literal password a real-looking secret or a placeholder? And Postfix tables that hold passwords.

Nothing here ever returns or formats the secret: the answers are booleans (SMTP204 messages name the key
and the place only, smtp-reference.md 5.00).
"""

from __future__ import annotations

import re

from smtplint.model.postfix import split_list

# Placeholder spellings (smtp-reference.md 5.0), compared after lower-casing and dropping everything that
# is not a letter or a digit: "your-password", "YOUR_SMTP_PASSWORD" and "<password>" all normalise.
_PLACEHOLDER_WORDS = frozenset({
    "", "null", "none", "nil", "undefined", "empty", "changeme", "changeit", "password", "passwd", "pass",
    "pwd", "secret", "xxx", "todo", "tbd", "fixme", "example", "replaceme", "placeholder", "dummy", "fake",
    "sample", "test", "testing", "redacted", "hidden", "notset", "unset", "string", "apikey", "token",
    "smtppassword", "smtppass", "mailpassword", "emailpassword", "emailhostpassword", "smtpsecret",
    "yourpassword", "yoursecret", "yourapikey", "yourtoken", "mypassword", "mysecret", "secretpassword",
    "password123", "yourpasswordhere", "passwordhere", "enterpassword", "insertpassword", "setme",
})
# Marker fragments: a value containing one of these is a placeholder whatever surrounds it.
_PLACEHOLDER_MARKERS = ("changeme", "changethis", "replaceme", "replacewith", "placeholder", "your",
                        "example", "xxxx", "fixme", "todo", "dummy", "redacted")
# A value that names its own field in snake or kebab case ("outgoing_email_password", "SMTP_RELAY_PASS"): a
# dummy written by a CI or test setup, not a password anyone chose.
# (patterns kept as text and matched through re's cache: compiled only by a run that needs them)
_FIELD_NAME = r"^[a-z]+(?:[_-][a-z]+)*[_-](?:password|passwd|pass|pwd|pw|secret)$"
_ANGLE = r"^<[^<>]*>$|^\[[^\[\]]*\]$|^__[A-Z0-9_]+__$"


# A description of the value written in its place: two or more words (snake, kebab, spaced or camel case, no
# digits or symbols) one of which names a credential: "password_you_set", "the_api_key_you_created",
# "SMTP user password", "authentication code", "MandrillApiKey" (GitLab's SMTP page and its copies).
_WORDS = r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+"
_DESCRIPTIVE_NOUNS = frozenset({"password", "passwd", "pwd", "secret", "key", "apikey", "api", "token",
                                "credential", "credentials", "authentication", "passphrase"})


def _describes_itself(raw: str) -> bool:
    """True for a value made of plain words, one of them a credential noun (see _DESCRIPTIVE_NOUNS)."""
    if not re.fullmatch(r"[A-Za-z]+(?:[ _-]+[A-Za-z]+)*", raw):
        return False
    words = [w.lower() for part in re.split(r"[ _-]+", raw) for w in re.findall(_WORDS, part)]
    return len(words) >= 2 and any(w in _DESCRIPTIVE_NOUNS for w in words)


_LEET = str.maketrans({"$": "s", "@": "a", "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "!": "i"})
_COLLAPSED_WORDS = frozenset(re.sub(r"(.)\1+", r"\1", w) for w in _PLACEHOLDER_WORDS)


def is_placeholder(text: str) -> bool:
    """True for empty values, documented placeholder words and strings of one repeated character.

    Leetspeak spellings of those words count too (``pa$$word``, ``p@ssw0rd``, ``s3cr3t``): letters are
    de-leeted and doubled letters collapsed before the comparison.
    """
    raw = text.strip().strip("'\"")
    if not raw or re.match(_ANGLE, raw):
        return True
    if len(set(raw)) == 1:  # "********", "xxxxxxxx", "0000"
        return True
    word = re.sub(r"[^a-z0-9]", "", raw.lower())
    if word in _PLACEHOLDER_WORDS or (word and len(set(word)) == 1):
        return True
    if any(marker in word for marker in _PLACEHOLDER_MARKERS):
        return True
    if raw in (raw.lower(), raw.upper()) and re.match(_FIELD_NAME, raw.lower()):
        return True
    if _describes_itself(raw):
        return True
    plain = re.sub(r"[^a-z]", "", raw.lower().translate(_LEET))
    return bool(plain) and re.sub(r"(.)\1+", r"\1", plain) in _COLLAPSED_WORDS


def table_holds_password(value: str) -> bool:
    """True when a Postfix ``*_sasl_password_maps`` value embeds a literal password.

    ``inline:{ host=user:pass, ... }`` (Postfix >= 3.0) and ``static:user:pass`` carry the secret in the
    configuration itself; ``hash:``, ``texthash:``, ``lmdb:`` and other tables point at a file or a
    service and are not secrets. A placeholder password (``inline:{ [relay]:587=user:changeme }``) is not
    reported.
    """
    for item in split_list(value):
        low = item.lower()
        if low.startswith("inline:"):
            body = item[len("inline:"):].strip()
            if body.startswith("{") and body.endswith("}"):
                body = body[1:-1]
            for entry in _comma_items(body):
                _, eq, creds = entry.strip().strip("{}").partition("=")
                if eq and _has_password(creds):
                    return True
        elif low.startswith("static:"):
            body = item[len("static:"):].strip()
            if body.startswith("{") and body.endswith("}"):
                body = body[1:-1]
            if _has_password(body):
                return True
    return False


def _has_password(creds: str) -> bool:
    """``user:password`` with a non-placeholder password (no ``$name`` reference)."""
    _, colon, password = creds.strip().partition(":")
    return bool(colon) and "$" not in password and not is_placeholder(password)


def _comma_items(body: str) -> list[str]:
    """The entries of an inline table body, split on commas outside ``{ }`` groups."""
    items: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(body[start:i])
            start = i + 1
    items.append(body[start:])
    return [i for i in items if i.strip()]
