"""Stage 3, tailor: Course + edition -> Edition (modules, language, placeholders, timetable).

A pure function of its inputs: no I/O beyond what validate loaded.
"""
