"""Settings for mysite (an example for smtplint: it is read with ast, never imported)."""

import os

DEBUG = False
ALLOWED_HOSTS = ["mysite.example.com"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.example.com"
EMAIL_PORT = 587
# Implicit TLS on the STARTTLS port: Django fails with "wrong version number".
EMAIL_USE_SSL = True
EMAIL_HOST_USER = "noreply@example.com"
EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]
DEFAULT_FROM_EMAIL = "noreply@example.com"
