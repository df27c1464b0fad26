"""Writers turn specs into files. Each declares name, suffix and media_type; the engines
(python-pptx, WeasyPrint) are imported only by their own writer module, on first use."""
