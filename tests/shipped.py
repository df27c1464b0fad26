"""What the shipped course in modules/ teaches, written out once for the tests (not
recomputed from course.yaml, which would make the code its own oracle)."""

ALL_MODULES = [
    "welcome",
    "what-is-trafficking",
    "how-and-why",
    "impact",
    "recognising",
    "who-does-what",
    "acting-on-concern",
    "nrm",
    "issues-in-practice",
    "bringing-it-together",
]
