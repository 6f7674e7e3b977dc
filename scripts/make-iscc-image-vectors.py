#!/usr/bin/env python3
"""Generates tests/vectors/iscc-image-normalize.json: small images in the formats the registry hashes and,
for each, the 32x32 gray pixels that the ISCC reference pipeline (iscc-sdk's image_normalize on Pillow)
makes of it. The C# decoder (src/DigitalCollections.Api/Iscc/ImagePixelDecoder.cs) must reproduce them.

The images are drawn here from a fixed seed, so no outside files are needed. Needs Pillow with WebP
(Debian: apt-get install python3-pil; run with the system python3):

    /usr/bin/python3 scripts/make-iscc-image-vectors.py

The normalisation below follows iscc-sdk (iscc_sdk/image.py, image_normalize): EXIF transpose, transparency
pasted on white, border trim against the top-left pixel, convert("L"), resize((32, 32), BICUBIC).
"""
import base64
import io
import json
import math
import os
import random

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageOps

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "vectors", "iscc-image-normalize.json")


def fill_transparency(img):
    white = (255, 255, 255)
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA"):
        bg = Image.new("RGB", img.size, white)
        bg.paste(img, mask=img.getchannel("A"))
        return bg
    if img.mode == "P" and "transparency" in img.info:
        rgba = img.convert("RGBA")
        bg = Image.new("RGB", img.size, white)
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    return img.convert("RGB")


def trim_border(img):
    bg = Image.new(img.mode, img.size, img.getpixel((0, 0)))
    diff = ImageChops.add(ImageChops.difference(img, bg), ImageChops.difference(img, bg))
    bbox = diff.getbbox()
    if bbox != (0, 0) + img.size:
        return img.crop(bbox)
    return img


def normalize(data):
    img = Image.open(io.BytesIO(data))
    img = ImageOps.exif_transpose(img)
    img = fill_transparency(img)
    img = trim_border(img)
    img = img.convert("L")
    return bytes(img.resize((32, 32), Image.BICUBIC).getdata()).hex()


def scene(width, height, seed):
    """A deterministic picture: a diagonal colour gradient, circles, bars and a little noise."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (width, height))
    px = img.load()
    for y in range(height):
        for x in range(width):
            t = (x / width + y / height) / 2
            px[x, y] = (int(40 + 180 * t), int(200 - 120 * t), int(90 + 60 * math.sin(6 * t)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        r = rnd.randint(min(width, height) // 12, min(width, height) // 4)
        cx, cy = rnd.randint(0, width), rnd.randint(0, height)
        colour = tuple(rnd.randint(0, 255) for _ in range(3))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    for _ in range(4):
        x = rnd.randint(0, width)
        draw.rectangle((x, 0, x + width // 20, height), fill=tuple(rnd.randint(0, 255) for _ in range(3)))
    for _ in range(width * height // 50):
        x, y = rnd.randrange(width), rnd.randrange(height)
        r, g, b = px[x, y]
        d = rnd.randint(-20, 20)
        px[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    return img


def encode(img, fmt, **params):
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def with_orientation(img, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(img, "JPEG", quality=85, exif=exif)


def cases():
    base = scene(240, 180, 1)
    yield "png-rgb", "PNG, RGB", encode(base, "PNG")
    yield "jpeg-rgb", "JPEG, RGB, quality 85", encode(base, "JPEG", quality=85)
    yield "jpeg-gray", "JPEG, grayscale", encode(base.convert("L"), "JPEG", quality=85)
    for orientation in (3, 6, 8):
        yield f"jpeg-exif-{orientation}", f"JPEG with EXIF orientation {orientation}", with_orientation(base, orientation)
    rgba = base.convert("RGBA")
    alpha = Image.new("L", base.size, 255)
    ImageDraw.Draw(alpha).rectangle((0, 0, 120, 90), fill=0)
    ImageDraw.Draw(alpha).ellipse((100, 60, 220, 170), fill=110)
    rgba.putalpha(alpha)
    yield "png-alpha", "PNG with transparent and half-transparent parts", encode(rgba, "PNG")
    bordered = Image.new("RGB", (300, 240), (250, 250, 250))
    bordered.paste(base, (30, 30))
    yield "png-border", "PNG with a plain 30-pixel border", encode(bordered, "PNG")
    palette = base.quantize(colors=64)
    yield "png-palette", "PNG with a 64-colour palette", encode(palette, "PNG")
    gif = base.quantize(colors=32)
    gif.info["transparency"] = 0
    yield "gif-transparent", "GIF, 32 colours, colour 0 transparent", encode(gif, "GIF", transparency=0)
    yield "webp-lossy", "WebP, lossy", encode(base, "WEBP", quality=80)
    yield "webp-lossless", "WebP, lossless", encode(base, "WEBP", lossless=True)
    yield "png-32-wide", "PNG 32 x 120 (the resize has no horizontal pass)", encode(scene(32, 120, 3), "PNG")
    yield "png-32-high", "PNG 120 x 32 (the resize has no vertical pass)", encode(scene(120, 32, 4), "PNG")
    yield "jpeg-large", "JPEG 1200 x 900 (decoded at a reduced scale by default)", encode(scene(1200, 900, 2), "JPEG", quality=80)


def main():
    result = {
        "description": "ISCC image normalisation vectors, generated by scripts/make-iscc-image-vectors.py "
        "(do not edit by hand): for each image (base64), the 32x32 gray pixels (hex, row by row) of iscc-sdk's "
        "image_normalize on Pillow.",
        "pillow": PIL.__version__,
        "cases": [],
    }
    for name, note, data in cases():
        result["cases"].append({
            "name": name,
            "note": note,
            "image": base64.b64encode(data).decode("ascii"),
            "pixels": normalize(data),
        })
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"{OUT}: {len(result['cases'])} cases, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
