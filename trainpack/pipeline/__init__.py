"""The pipeline API: build, check, translations and reports, stage by stage.

What the command line and the web page call; they never reach into the stages themselves.
"""
