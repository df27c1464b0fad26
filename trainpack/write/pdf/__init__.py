"""PDF writer: rendered HTML -> tagged PDF with WeasyPrint, fetching only from allowed folders.

The only package that imports WeasyPrint.
"""
