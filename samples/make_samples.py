#!/usr/bin/python3
"""Generates the sample pictures shipped in samples/: synthetic scenes (content) and textures (style).

Nothing is downloaded; rerun to regenerate (needs Debian's python3-numpy and python3-pil).
"""
import os

import numpy as np
from PIL import Image

SIZE = 256
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
ys, xs = np.mgrid[0:SIZE, 0:SIZE] / SIZE


def save(folder, name, rgb):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8)).save(os.path.join(HERE, folder, name))


def sunset_hills():
    sky = np.stack([0.95 - 0.3 * ys, 0.55 - 0.2 * ys, 0.35 + 0.4 * (1 - ys)], -1)
    sun = ((xs - 0.7) ** 2 + (ys - 0.35) ** 2) < 0.012
    sky[sun] = [1.0, 0.9, 0.5]
    hills = ys > 0.62 + 0.08 * np.sin(7 * xs) + 0.04 * np.sin(19 * xs + 1)
    sky[hills] = np.stack([0.15 + 0.1 * xs, 0.4 - 0.2 * ys, 0.15 + 0 * xs], -1)[hills]
    return sky


def house_by_lake():
    img = np.stack([0.55 + 0.3 * ys, 0.75 + 0.1 * ys, 0.95 + 0 * ys], -1)
    water = ys > 0.7
    img[water] = np.stack([0.1 + 0.1 * np.sin(40 * ys + 3 * xs), 0.3 + 0 * xs, 0.55 + 0 * xs], -1)[water]
    wall = (xs > 0.3) & (xs < 0.6) & (ys > 0.45) & (ys < 0.7)
    img[wall] = [0.85, 0.8, 0.7]
    roof = (ys > 0.3) & (ys <= 0.45) & (np.abs(xs - 0.45) < (ys - 0.3) * 1.2)
    img[roof] = [0.6, 0.15, 0.1]
    door = (xs > 0.42) & (xs < 0.48) & (ys > 0.58) & (ys < 0.7)
    img[door] = [0.3, 0.2, 0.1]
    return img


def swirls():
    angle = np.arctan2(ys - 0.5, xs - 0.5)
    radius = np.hypot(xs - 0.5, ys - 0.5)
    wave = np.sin(14 * radius * 2 * np.pi / 3 + 3 * angle)
    return np.stack([0.1 + 0.3 * (wave > 0), 0.2 + 0.5 * (0.5 + 0.5 * wave), 0.5 + 0.45 * np.cos(6 * angle)], -1)


def mosaic():
    points = rng.random((60, 2))
    colors = rng.random((60, 3)) * np.array([1.0, 0.7, 0.4]) + np.array([0, 0.2, 0.3])
    d = (xs[..., None] - points[:, 0]) ** 2 + (ys[..., None] - points[:, 1]) ** 2
    nearest = np.argsort(d, axis=-1)
    img = colors[nearest[..., 0]]
    edge = np.sqrt(np.take_along_axis(d, nearest[..., 1:2], -1)) - np.sqrt(np.take_along_axis(d, nearest[..., :1], -1))
    img[edge[..., 0] < 0.01] = 0.05
    return img


def brush_strokes():
    img = np.ones((SIZE, SIZE, 3)) * np.array([0.9, 0.85, 0.7])
    for _ in range(180):
        cx, cy, length, angle = rng.random(), rng.random(), 0.05 + 0.1 * rng.random(), rng.random() * np.pi
        color = np.array([0.1, 0.2, 0.5]) + rng.random(3) * np.array([0.3, 0.4, 0.5])
        along = (xs - cx) * np.cos(angle) + (ys - cy) * np.sin(angle)
        across = -(xs - cx) * np.sin(angle) + (ys - cy) * np.cos(angle)
        img[(np.abs(along) < length) & (np.abs(across) < 0.012)] = color
    return img


save("content", "sunset_hills.png", sunset_hills())
save("content", "house_by_lake.png", house_by_lake())
save("style", "swirls.png", swirls())
save("style", "mosaic.png", mosaic())
save("style", "brush_strokes.png", brush_strokes())
print("wrote samples to", HERE)
