"""Shared core: problems and their formatting, the typed course and edition models, placeholders.

Every stage may import it; it imports no stage.
"""
