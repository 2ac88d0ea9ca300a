"""Backup and restore: one archive of everything a municipality would lose (docs/operations.md).

This package knows no domain: it reads the models from Django's app registry.
"""
