#!/usr/bin/python3
"""Composes docs/images/tour.png from a demo run: one row per sample pair, content | style | output.

Run after `jobs/restyle demo` (needs Debian's python3-pil). The outputs are whatever weights the demo used;
the caption says which.
"""
import csv
import os
import sys

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CELL, PAD, LABEL = 192, 8, 22


def main(weights_caption):
    rows = list(csv.DictReader(open(os.path.join(ROOT, "samples", "pairs.csv"))))
    width = 3 * CELL + 4 * PAD
    height = LABEL + len(rows) * (CELL + PAD) + PAD + LABEL
    grid = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(grid)
    for column, title in enumerate(["content", "style", "output"]):
        draw.text((PAD + column * (CELL + PAD), 5), title, fill="black")
    for r, row in enumerate(rows):
        paths = [os.path.join(ROOT, "samples", row["content_uri"]), os.path.join(ROOT, "samples", row["style_uri"]),
                 os.path.join(ROOT, "target", "demo", "images", "run_id=demo", row["pair_id"] + ".png")]
        for column, path in enumerate(paths):
            image = Image.open(path).convert("RGB")
            image.thumbnail((CELL, CELL))
            grid.paste(image, (PAD + column * (CELL + PAD), LABEL + r * (CELL + PAD)))
    draw.text((PAD, height - LABEL + 4), weights_caption, fill="#555555")
    out = os.path.join(HERE, "images", "tour.png")
    grid.save(out, optimize=True)
    print("wrote", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "jobs/restyle demo --size 192 --iterations 100")
