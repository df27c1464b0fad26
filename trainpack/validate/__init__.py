"""Stage 2, validate: RawCourse -> Course (typed models), plus themes loaded and checked.

Every problem is found in one pass and carries its file, line and a hint.
"""
