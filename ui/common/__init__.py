"""Shared by every view: settings and their URL, theme, figures as dicts, device and keyboard helpers."""
