"""Stage 1, load: course folder -> RawCourse (plain data with line maps, PO catalogues).

Reports syntax errors only; nothing is checked against the models yet.
"""
