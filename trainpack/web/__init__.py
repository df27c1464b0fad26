"""The web page for trainers: pick or compose an edition, check, build, preview and download.

Calls the same pipeline API as the command line; the only package that imports the web framework.
"""
