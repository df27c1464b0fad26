"""PPTX writer: DeckSpec -> editable deck on a themed master, text measured so nothing overflows.

The only package that imports python-pptx.
"""
