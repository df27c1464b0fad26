"""Stage 6, publish: files written in staging -> the edition folder, atomically, with a manifest.

Never touches anything outside the output folder.
"""
