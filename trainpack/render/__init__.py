"""Stage 4, render: Edition -> DeckSpec per module and HTML for handouts, guide and agenda.

Templates run in Jinja with strict undefined names; nothing is written to disk here.
"""
