"""nodemailer's well-known services (``service: "Gmail"``): what each name fills in when the transport options
leave it out (nodemailer lib/smtp-transport: a key already in the options wins).

Origin: nodemailer ``lib/well-known/services.json`` and ``index.js`` (https://github.com/nodemailer/nodemailer,
MIT No Attribution licence), the commonly used entries only. Names are matched as nodemailer matches them:
letters, digits, ``.`` and ``-`` kept, lower case; aliases and mail domains (``gmail.com``, or an address
``x@gmail.com``) name the same service.
"""

from __future__ import annotations

import re

from smtplint.records import record


@record(frozen=True)
class Service:
    """What a well-known service sets: host (None: none, nodemailer then uses localhost), port, secure and
    requireTLS/ignoreTLS flags (None: not set by the service)."""

    host: str | None
    port: int
    secure: bool | None = None
    require_tls: bool | None = None
    ignore_tls: bool | None = None


_SERVICES: dict[tuple[str, ...], Service] = {
    ("Gmail", "Google Mail", "gmail.com", "googlemail.com"): Service("smtp.gmail.com", 465, secure=True),
    ("Hotmail", "Outlook", "Outlook.com", "Hotmail.com", "hotmail.com", "outlook.com"):
        Service("smtp-mail.outlook.com", 587),
    ("Outlook365",): Service("smtp.office365.com", 587, secure=False),
    ("Yahoo", "yahoo.com"): Service("smtp.mail.yahoo.com", 465, secure=True),
    ("iCloud", "Me", "Mac", "me.com", "mac.com"): Service("smtp.mail.me.com", 587),
    ("Zoho",): Service("smtp.zoho.com", 465, secure=True),
    ("FastMail", "fastmail.fm"): Service("smtp.fastmail.com", 465, secure=True),
    ("Yandex", "yandex.ru"): Service("smtp.yandex.ru", 465, secure=True),
    ("QQ", "qq.com"): Service("smtp.qq.com", 465, secure=True),
    ("163",): Service("smtp.163.com", 465, secure=True),
    ("126",): Service("smtp.126.com", 465, secure=True),
    ("GMX", "gmx.com", "gmx.net", "gmx.de"): Service("mail.gmx.com", 587),
    ("Proton", "ProtonMail", "Proton.me", "Protonmail.com", "Protonmail.ch", "proton.me", "pm.me"):
        Service("smtp.protonmail.ch", 587, require_tls=True),
    ("SendGrid",): Service("smtp.sendgrid.net", 587),
    ("Mailgun",): Service("smtp.mailgun.org", 465, secure=True),
    ("Mailjet",): Service("in.mailjet.com", 587),
    ("Postmark", "PostmarkApp"): Service("smtp.postmarkapp.com", 2525),
    ("SES", "SES-US-EAST-1"): Service("email-smtp.us-east-1.amazonaws.com", 465, secure=True),
    ("SES-EU-WEST-1",): Service("email-smtp.eu-west-1.amazonaws.com", 465, secure=True),
    ("SES-US-WEST-2",): Service("email-smtp.us-west-2.amazonaws.com", 465, secure=True),
    ("SendinBlue", "Brevo"): Service("smtp-relay.brevo.com", 587),
    ("Mandrill",): Service("smtp.mandrillapp.com", 587),
    ("Sparkpost", "SparkPost Mail", "sparkpost.com"): Service("smtp.sparkpostmail.com", 587, secure=False),
    ("Resend",): Service("smtp.resend.com", 465, secure=True),
    ("MailerSend",): Service("smtp.mailersend.net", 587),
    ("Mailtrap",): Service("live.smtp.mailtrap.io", 587),
    ("SMTP2GO",): Service("mail.smtp2go.com", 2525),
    ("Godaddy",): Service("smtpout.secureserver.net", 25),
    ("Maildev",): Service(None, 1025, ignore_tls=True),
    ("Ethereal", "ethereal.email"): Service("smtp.ethereal.email", 587),
}
_BY_KEY = {re.sub(r"[^a-zA-Z0-9.-]", "", name).lower(): service for names, service in _SERVICES.items()
           for name in names}


def well_known(name: str) -> Service | None:
    """The service a ``service`` value names (a name, an alias, a mail domain or an address), or None."""
    return _BY_KEY.get(re.sub(r"[^a-zA-Z0-9.-]", "", name.rsplit("@", 1)[-1]).lower())
