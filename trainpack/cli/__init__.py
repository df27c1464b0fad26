"""The command line: arguments -> pipeline calls, progress and problems on the terminal.

Exit codes: 0 ok, 1 content, 2 usage.
"""
