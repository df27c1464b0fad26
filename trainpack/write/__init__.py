"""Stage 5, write: DeckSpec -> .pptx (write.pptx) and HTML -> PDF (write.pdf).

Only write.pptx imports python-pptx and only write.pdf imports WeasyPrint.
"""
