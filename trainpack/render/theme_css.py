"""The theme as CSS for the print templates: colours as variables, fonts as @font-face."""

from __future__ import annotations

from markupsafe import Markup

from trainpack.core.theme import Theme
from trainpack.validate.theme import FALLBACK_FAMILIES


def font_stack(theme: Theme | None = None) -> str:
    family = f'"{theme.css_family}"' if theme else '"Carlito"'
    return ", ".join((family, *FALLBACK_FAMILIES))


def theme_css(theme: Theme) -> Markup:
    """CSS placed after print.css: the theme's colours as print.css's variables, its font
    files as @font-face rules (file: URLs), and its family first in the font stack.
    Markup (a str) because it goes into a <style> element verbatim; every value in it was
    validated (hex colours, plain family names, resolved file paths)."""
    rules = []
    faces = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"))
    for key, weight, style in faces:
        path = theme.font_files.get(key)
        if path is not None:
            rules.append(
                f'@font-face {{ font-family: "{theme.css_family}"; '
                f'src: url("{path.resolve().as_uri()}"); font-weight: {weight}; '
                f"font-style: {style}; }}"
            )
    variables = "".join(
        f"\n  --{name.replace('_', '-')}: #{value.lower()};" for name, value in theme.colors.items()
    )
    rules.append(f":root {{{variables}\n  --font: {font_stack(theme)};\n}}")
    rules.append("html { font-family: var(--font); }")
    return Markup(f"/* theme: {theme.id} */\n" + "\n".join(rules) + "\n")
