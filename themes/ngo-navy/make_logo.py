"""Draw logo.png: a neutral abstract mark and the words "Example Org" (not a real organisation).

python themes/ngo-navy/make_logo.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent.parent / "templates" / "fonts" / "LiberationSans-Bold.ttf"
NAVY, ORANGE = (31, 58, 104, 255), (240, 138, 36, 255)
SCALE = 4  # draw large, then shrink: smooth edges


def main() -> None:
    w, h = 760 * SCALE, 200 * SCALE
    image = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    s = SCALE
    # the mark: a sun rising over a horizon, in a navy disc, with an orange arc above
    draw.ellipse((20 * s, 20 * s, 180 * s, 180 * s), fill=NAVY)
    draw.arc((4 * s, 4 * s, 196 * s, 196 * s), start=205, end=335, fill=ORANGE, width=12 * s)
    draw.pieslice((62 * s, 70 * s, 138 * s, 146 * s), start=180, end=360, fill=ORANGE)
    draw.rectangle((46 * s, 112 * s, 154 * s, 120 * s), fill=(255, 255, 255, 255))
    draw.rectangle((64 * s, 132 * s, 136 * s, 138 * s), fill=(255, 255, 255, 200))
    font = ImageFont.truetype(str(FONT), 78 * s)
    draw.text((214 * s, 100 * s), "Example Org", font=font, fill=NAVY, anchor="lm")
    image = image.resize((w // SCALE, h // SCALE), Image.LANCZOS)
    image.save(HERE / "logo.png", optimize=True)
    print(f"wrote {HERE / 'logo.png'}")


if __name__ == "__main__":
    main()
