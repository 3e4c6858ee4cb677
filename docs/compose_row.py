#!/usr/bin/python3
"""Lays images side by side with a caption under each: compose_row.py OUT.png IMAGE=CAPTION ..."""
import sys

from PIL import Image, ImageDraw

CELL, PAD, LABEL = 192, 8, 18


def main(out, items):
    images = []
    for item in items:
        path, caption = item.split("=", 1)
        image = Image.open(path).convert("RGB")
        scale = CELL / max(image.size) if max(image.size) < CELL or len(items) > 1 else 1
        if len(items) > 1:
            image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
        images.append((image, caption))
    width = sum(i.width for i, _ in images) + PAD * (len(images) + 1)
    height = max(i.height for i, _ in images) + 2 * PAD + LABEL
    row = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(row)
    x = PAD
    for image, caption in images:
        row.paste(image, (x, PAD))
        draw.text((x, PAD + image.height + 3), caption, fill="#333333")
        x += image.width + PAD
    row.save(out, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
