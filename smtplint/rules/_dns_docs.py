"""The SMTP5xx rules' data and pages (their checks are in :mod:`smtplint.rules.dns`)."""

from __future__ import annotations

from smtplint.model import Severity
from smtplint.rules._base import RuleDoc, define

_RFC7208 = "RFC 7208 (SPF): https://www.rfc-editor.org/rfc/rfc7208"
_RFC7489 = "RFC 7489 (DMARC), sections 6.3 and 6.4: https://www.rfc-editor.org/rfc/rfc7489#section-6.3"

SPF_PERMISSIVE_ALL = define(
    "SMTP501",
    "spf-permissive-all",
    Severity.ERROR,
    "An SPF record that lets anyone send as the domain: `+all` (error), `?all` (warning), or no `all` and no "
    "`redirect=` (info).",
    RuleDoc(
        what=(
            "Reports the `all` mechanism of an SPF record (a TXT record beginning `v=spf1`) in a zone file, "
            "OctoDNS, Terraform or dnsconfig.js: `+all` or a bare `all` is an error, `?all` a warning, and a "
            "record with neither `all` nor `redirect=` is reported as info."
        ),
        why=(
            "`all` decides what happens to mail from every host the record does not list. `+all` passes "
            "them all: anyone on the internet may send as the domain and pass SPF. `?all` and a missing "
            "`all` give them a neutral result, which receivers treat like no SPF at all (RFC 7208 "
            "sections 5.1 and 8.2)."
        ),
        example='```\nexample.com.  3600  IN  TXT  "v=spf1 include:_spf.google.com +all"\n```',
        fix=(
            '```\nexample.com.  3600  IN  TXT  "v=spf1 include:_spf.google.com -all"\n```\n\n'
            "`~all` (soft fail) is a common step before `-all` while the list of senders is checked."
        ),
        not_reported=(
            "`-all` and `~all`; a record that ends in `redirect=` (the target's `all` applies); records whose "
            "value is partly a reference (`${var.spf}`): a missing `all` is only reported when the whole "
            "value is written in the file. Includes and redirects are never looked up."
        ),
        references=(
            "RFC 7208 section 5.1 (all): https://www.rfc-editor.org/rfc/rfc7208#section-5.1",
            "RFC 7208 section 8 (results): https://www.rfc-editor.org/rfc/rfc7208#section-8",
        ),
    ),
    tags=("security", "dns", "spf", "external/cwe/cwe-290"),
    security_severity=7.5,
    precision="very-high",
)

SPF_INVALID = define(
    "SMTP502",
    "spf-invalid",
    Severity.ERROR,
    "A malformed SPF record: not `v=spf1` first, an unknown mechanism, a bad qualifier, a malformed "
    "address or prefix, a duplicate `redirect=`/`exp=`, terms after `all` (warning), an unsplit string over "
    "255 characters.",
    RuleDoc(
        what=(
            "Reports an SPF record that does not begin with exactly `v=spf1` and a space; an unknown "
            "mechanism (`inlcude:`), a qualifier other than `+ - ~ ?`, a malformed `ip4:`/`ip6:` address or "
            "prefix length, `include`/`exists` without a domain, `redirect=` or `exp=` given twice, and a TXT "
            "character-string over 255 characters in syntaxes that do not split strings themselves (zone "
            "files, Route 53, Google Cloud DNS); as warnings: mechanisms after `all`, `redirect=` beside "
            "`all`, and an unknown modifier."
        ),
        why=(
            "A syntax error makes receivers return permerror for the whole record (RFC 7208 section 4.6): "
            "the domain effectively has no SPF, and DMARC's SPF alignment fails for all of its mail. A record "
            "that does not start with `v=spf1` is not an SPF record at all. Terms after `all` are never "
            "evaluated, and `redirect=` is ignored when `all` is present, so hosts listed there are not "
            "authorised, however it looks."
        ),
        example='```\n@  IN  TXT  "v=spf1 ip4:192.0.2.300 inlcude:_spf.google.com -all mx"\n```',
        fix='```\n@  IN  TXT  "v=spf1 ip4:192.0.2.30 include:_spf.google.com mx -all"\n```',
        not_reported=(
            "Terms that hold a reference (`include:${var.spf_domain}`); macros in domain specifications "
            "(`exists:%{i}._spf.example.com`) are accepted as written; the reporting modifiers `ra=`, `rp=` "
            "and `rr=` of RFC 6652. Long values in OctoDNS, DNSControl, Cloudflare and Azure, which split "
            "strings themselves."
        ),
        references=(
            _RFC7208,
            "RFC 7208 section 12 (collected ABNF): https://www.rfc-editor.org/rfc/rfc7208#section-12",
            "RFC 1035 section 3.3 (character-strings of at most 255 octets): "
            "https://www.rfc-editor.org/rfc/rfc1035#section-3.3",
        ),
    ),
    tags=("correctness", "dns", "spf"),
    security_severity=5.3,
    precision="very-high",
)

SPF_LOOKUP_LIMIT = define(
    "SMTP503",
    "spf-lookup-limit",
    Severity.ERROR,
    "More than 10 DNS-querying terms in an SPF record itself (permerror), or `ptr` (warning).",
    RuleDoc(
        what=(
            "Counts the terms of an SPF record that make DNS queries (`include`, `a`, `mx`, `ptr`, `exists`, "
            "`redirect`) and reports the eleventh; reports every `ptr` mechanism as a warning. Only the "
            "record's own terms are counted: includes are not followed offline, so the real count can only "
            "be higher."
        ),
        why=(
            "Receivers stop after 10 DNS-querying terms in one evaluation, includes and redirects counted, "
            "and return permerror (RFC 7208 section 4.6.4): SPF then fails for all mail. `ptr` is slow, "
            "depends on reverse DNS the sender does not control, and RFC 7208 section 5.5 says it SHOULD NOT "
            "be used."
        ),
        example=(
            '```\n@  IN  TXT  ( "v=spf1 a mx ptr include:a.example include:b.example include:c.example "\n'
            '                 "include:d.example include:e.example include:f.example include:g.example '
            'include:h.example -all" )\n```'
        ),
        fix=(
            '```\n@  IN  TXT  ( "v=spf1 ip4:192.0.2.0/24 include:a.example include:b.example "\n'
            '                 "include:c.example -all" )\n```\n\n'
            "Replace `a`, `mx` and `ptr` with the addresses they stand for, and drop includes of services no "
            "longer used."
        ),
        not_reported=(
            "The lookups made inside included records (never fetched); terms after `all` (never evaluated); "
            "`ip4`, `ip6` and `all`, which make no query; terms that hold a reference."
        ),
        references=(
            "RFC 7208 section 4.6.4 (DNS lookup limits): https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4",
            "RFC 7208 section 5.5 (ptr): https://www.rfc-editor.org/rfc/rfc7208#section-5.5",
        ),
    ),
    tags=("correctness", "dns", "spf"),
    security_severity=5.3,
    precision="high",
)

SPF_MULTIPLE_RECORDS = define(
    "SMTP504",
    "spf-multiple-records",
    Severity.ERROR,
    "Two or more `v=spf1` TXT records on one name, or the obsolete SPF record type.",
    RuleDoc(
        what=(
            "Reports every `v=spf1` TXT record after the first on the same name in one file (with the first "
            "as related location), and every record of the obsolete SPF type (type 99)."
        ),
        why=(
            "With two SPF records on one name, receivers cannot choose and return permerror for every "
            "message (RFC 7208 section 4.5): both policies are lost. The SPF record type was withdrawn by "
            "RFC 7208 section 3.1; receivers read only TXT, so an SPF-type record does nothing and hides "
            "where the policy really is."
        ),
        example=(
            '```\n@  IN  TXT  "v=spf1 include:_spf.google.com -all"\n'
            '@  IN  TXT  "v=spf1 include:mailgun.org -all"\n@  IN  SPF  "v=spf1 -all"\n```'
        ),
        fix='```\n@  IN  TXT  "v=spf1 include:_spf.google.com include:mailgun.org -all"\n```',
        not_reported=(
            "Other TXT records on the same name (site verifications); records in different files (each file "
            "is checked on its own); records whose name is a reference, unless they are in one resource."
        ),
        references=(
            "RFC 7208 section 4.5 (selecting records): https://www.rfc-editor.org/rfc/rfc7208#section-4.5",
            "RFC 7208 section 3.1 (DNS resource records): https://www.rfc-editor.org/rfc/rfc7208#section-3.1",
        ),
    ),
    tags=("correctness", "dns", "spf"),
    security_severity=5.3,
    precision="very-high",
)

DMARC_POLICY_NONE = define(
    "SMTP511",
    "dmarc-policy-none",
    Severity.WARNING,
    "A DMARC policy that does not protect: `p=none`, `sp=none` under a stronger `p`, `pct` below 100 (info).",
    RuleDoc(
        what=(
            "Reports a DMARC record whose policy is `p=none`, whose subdomain policy `sp=none` weakens a "
            "`p=quarantine` or `p=reject`, and (as info) a `pct` below 100 under an enforcing policy."
        ),
        why=(
            "`p=none` asks receivers to do nothing with mail that fails DMARC: it is for collecting reports "
            "while SPF and DKIM are set up, and left in place it lets anyone spoof the domain. `sp=none` does "
            "the same for every subdomain, and `pct` below 100 applies the policy to only part of the "
            "failing mail."
        ),
        example='```\n_dmarc  IN  TXT  "v=DMARC1; p=none; rua=mailto:dmarc@example.com"\n```',
        fix='```\n_dmarc  IN  TXT  "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"\n```',
        not_reported=(
            "`pct` under `p=none` (it changes nothing); policies written as references; a record that is "
            "malformed (SMTP512 reports it)."
        ),
        references=(
            _RFC7489,
            "RFC 7489 section 6.7 (policy enforcement considerations): "
            "https://www.rfc-editor.org/rfc/rfc7489#section-6.7",
        ),
    ),
    tags=("security", "dns", "dmarc", "external/cwe/cwe-290"),
    security_severity=5.3,
    precision="very-high",
)

DMARC_INVALID = define(
    "SMTP512",
    "dmarc-invalid",
    Severity.ERROR,
    "A malformed DMARC record: `v=DMARC1` not first, no `p`, unknown tag values, `pct` out of range, "
    "non-`mailto:` report URIs, or a DMARC record not at `_dmarc.`.",
    RuleDoc(
        what=(
            "Reports a DMARC record (a TXT record at `_dmarc.<domain>` or beginning `v=DMARC1`) whose first "
            "tag is not exactly `v=DMARC1`, that has no `p=` tag, whose `p`, `sp`, `adkim`, `aspf` or `fo` "
            "values are not defined by RFC 7489, whose `pct` is not a number from 0 to 100, whose `rua`/`ruf` "
            "addresses are not `mailto:` URIs, or that is published anywhere but `_dmarc.<domain>`."
        ),
        why=(
            "Receivers ignore a record whose first tag is not exactly `v=DMARC1`, and one placed anywhere "
            "but `_dmarc.` is never looked up: the domain then has no DMARC policy at all. Unknown values "
            "make receivers fall back to defaults nobody chose, and report addresses that are not `mailto:` "
            "receive no reports."
        ),
        example='```\n_dmarc  IN  TXT  "p=quarantine; v=DMARC1; rua=dmarc@example.com; pct=150"\n```',
        fix='```\n_dmarc  IN  TXT  "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"\n```',
        not_reported=(
            "Unknown tags (RFC 7489 says receivers ignore them); tags whose value is a reference; other TXT "
            "records at `_dmarc` that neither begin `v=DMARC1` nor carry a `p=` tag."
        ),
        references=(
            _RFC7489,
            "RFC 7489 section 6.3 (general record format): https://www.rfc-editor.org/rfc/rfc7489#section-6.3",
        ),
    ),
    tags=("correctness", "dns", "dmarc"),
    security_severity=5.3,
    precision="very-high",
)

DKIM_WEAK_KEY = define(
    "SMTP521",
    "dkim-weak-key",
    Severity.ERROR,
    "A DKIM RSA key under 1024 bits (error) or 2048 bits (warning), or a `p=` that is not a valid key (error).",
    RuleDoc(
        what=(
            "Decodes the public key in the `p=` tag of a DKIM key record (a TXT record at "
            "`<selector>._domainkey.<domain>` or beginning `v=DKIM1`) and reports an RSA modulus under 1024 "
            "bits as an error, under 2048 bits as a warning, and a value that is not base64 of an RSA "
            "SubjectPublicKeyInfo (or PKCS#1 RSAPublicKey), or of a 32-byte Ed25519 key for `k=ed25519`, "
            "as an error."
        ),
        why=(
            "RFC 8301 section 3.2: signers MUST use RSA keys of at least 1024 bits and SHOULD use at least "
            "2048, and verifiers must not accept smaller keys; 512-bit RSA keys have been factored cheaply in "
            "public. A key that does not decode makes every signature fail, so DMARC relies on SPF alone."
        ),
        example=(
            '```\nsel._domainkey  IN  TXT  "v=DKIM1; k=rsa; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAL6...'
            'AgMBAAE="\n```'
        ),
        fix=(
            '```\nsel2._domainkey  IN  TXT  ( "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA..." '
            '\n                           "...IDAQAB" )\n```\n\n'
            "Generate a 2048-bit key (`openssl genrsa 2048`), publish it under a new selector, switch the "
            "signer to it, then revoke the old selector with an empty `p=`."
        ),
        not_reported=(
            "An empty `p=`: the key is revoked on purpose; key types other than RSA and Ed25519; `p=` values "
            "that hold a reference. The key is public: messages show its size, never its text."
        ),
        references=(
            "RFC 8301 section 3.2: https://www.rfc-editor.org/rfc/rfc8301#section-3.2",
            "RFC 6376 section 3.6.1 (key record tags): https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1",
        ),
    ),
    tags=("security", "dns", "dkim", "external/cwe/cwe-326"),
    security_severity=7.5,
    precision="very-high",
)

DKIM_TESTING_MODE = define(
    "SMTP522",
    "dkim-testing-mode",
    Severity.WARNING,
    "A DKIM key record left in testing mode (`t=y`).",
    RuleDoc(
        what="Reports the `t=` flags of a DKIM key record when they include `y` (testing).",
        why=(
            "`t=y` tells verifiers that the domain is testing DKIM and that they must not treat signed mail "
            "differently from unsigned mail (RFC 6376 section 3.6.1): failures are ignored, so the selector "
            "protects nothing. It is meant for the first days of a rollout, and is easily forgotten."
        ),
        example='```\nsel._domainkey  IN  TXT  "v=DKIM1; t=y; k=rsa; p=MIIBIjANBg..."\n```',
        fix='```\nsel._domainkey  IN  TXT  "v=DKIM1; k=rsa; p=MIIBIjANBg..."\n```',
        not_reported="`t=s` (strict identity flag); flags written as references.",
        references=(
            "RFC 6376 section 3.6.1 (t= flags): https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1",
        ),
    ),
    tags=("security", "dns", "dkim"),
    security_severity=3.7,
    precision="very-high",
)

MTA_STS_WEAK_POLICY = define(
    "SMTP531",
    "mta-sts-weak-policy",
    Severity.WARNING,
    "An MTA-STS policy that does not enforce (`mode: testing`, `mode: none` info, `max_age` under a day) or is "
    "malformed (missing fields, a bad `_mta-sts` TXT record: errors).",
    RuleDoc(
        what=(
            "Reads MTA-STS policy files (`.well-known/mta-sts.txt`) and reports `mode: testing` and a "
            "`max_age` under 86400 seconds as warnings, `mode: none` as info, and as errors a policy without "
            "`version: STSv1`, `mode`, `mx` or `max_age`, an unknown mode, a `max_age` that is not a number "
            "up to 31557600, and a `_mta-sts` TXT record that is not `v=STSv1; id=<1-32 letters and digits>`."
        ),
        why=(
            "MTA-STS makes sending servers require authenticated TLS to the domain's MX hosts (RFC 8461). In "
            "`testing` mode they only report failures and deliver anyway; `none` withdraws the policy. "
            "Senders cache the policy for `max_age` seconds, and an attacker who can block the policy fetch "
            "only waits for a short cache to expire. A malformed policy or TXT record is ignored entirely."
        ),
        example="```\nversion: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 3600\n```",
        fix="```\nversion: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n```",
        not_reported=(
            "Whether the MX names match the zone's MX records or the policy is served over HTTPS (that needs "
            "the network); `_mta-sts` records whose value is a reference."
        ),
        references=(
            "RFC 8461 section 3 (policy discovery and format): https://www.rfc-editor.org/rfc/rfc8461#section-3",
            "RFC 8461 section 10.2 (policy max_age and downgrade): https://www.rfc-editor.org/rfc/rfc8461#section-10",
        ),
    ),
    tags=("security", "dns", "mta-sts", "tls", "external/cwe/cwe-319"),
    security_severity=5.3,
    precision="very-high",
)
