#!/usr/bin/env python3
"""Writes the app's icons (manifest.webmanifest): icon.svg and the PNGs,
drawn from the same shapes with the standard library only (no PIL): a white
ring and check mark on the page's accent blue (web/style.css --accent).
The maskable icon fills the square; its mark stays inside the 80 % safe zone.

    python3 web/icons/make-icons.py    # rewrites web/icons/*.svg, *.png
"""
import math
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
# In units of the icon's side.
CORNER = 0.18
RING = (0.5, 0.5, 0.30, 0.055)  # centre x, y, radius, stroke
CHECK = [(0.365, 0.515), (0.465, 0.615), (0.645, 0.415)]
CHECK_WIDTH = 0.07


def segment_distance(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def inside_rounded_square(x, y, radius):
    if radius == 0:
        return True
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return math.hypot(x - cx, y - cy) <= radius


def mark(x, y):
    cx, cy, r, w = RING
    if abs(math.hypot(x - cx, y - cy) - r) <= w / 2:
        return True
    return any(
        segment_distance(x, y, *CHECK[i], *CHECK[i + 1]) <= CHECK_WIDTH / 2 for i in range(len(CHECK) - 1)
    )


def render(size, corner, samples=4):
    """RGBA rows, each pixel averaged over samples² points."""
    rows = []
    n = samples * samples
    for py in range(size):
        row = bytearray()
        for px in range(size):
            covered = white = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size
                    y = (py + (sy + 0.5) / samples) / size
                    if inside_rounded_square(x, y, corner):
                        covered += 1
                        white += mark(x, y)
            if covered == 0:
                row += b"\0\0\0\0"
                continue
            # Colour of the covered part, alpha for the corners.
            colour = [round((a * (covered - white) + b * white) / covered) for a, b in zip(ACCENT, WHITE)]
            row += bytes(colour) + bytes([round(255 * covered / n)])
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def svg():
    cx, cy, r, w = RING
    points = " ".join(f"{x * 512:g},{y * 512:g}" for x, y in CHECK)
    hexa = "#%02x%02x%02x" % ACCENT
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\n'
        f'  <rect width="512" height="512" rx="{CORNER * 512:g}" fill="{hexa}"/>\n'
        f'  <circle cx="{cx * 512:g}" cy="{cy * 512:g}" r="{r * 512:g}" fill="none" stroke="#fff" stroke-width="{w * 512:g}"/>\n'
        f'  <polyline points="{points}" fill="none" stroke="#fff" stroke-width="{CHECK_WIDTH * 512:g}" '
        'stroke-linecap="round" stroke-linejoin="round"/>\n'
        "</svg>\n"
    )


if __name__ == "__main__":
    (HERE / "icon.svg").write_text(svg())
    for name, size, corner in [("icon-192.png", 192, CORNER), ("icon-512.png", 512, CORNER), ("icon-maskable-512.png", 512, 0)]:
        (HERE / name).write_bytes(png(size, render(size, corner)))
        print(name, size)
