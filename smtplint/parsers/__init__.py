"""Syntax readers and dialect vocabularies: each turns a file's text into a Document of the model.

A parser is reached through its format's declaration (smtplint.formats), imported only when a file of the
format is read; the reading step (smtplint.reading) decodes the bytes and calls it.
"""
