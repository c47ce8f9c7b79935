#!/usr/bin/env python3
"""Generate the stand-in photos for the sample issue 2025-06.

These are NOT photographs: they are photo-like scenes drawn with Pillow and
numpy (gradients, soft blurred shapes, film-grain noise) so that the layout
pipeline has print-resolution pictures to place until real photos arrive.

Deterministic: every scene uses its own fixed seed, no timestamps or metadata
are written, so the same Pillow/numpy versions give the same bytes every run.

    .venv/bin/python tools/make_standins.py [NAME ...]

writes, into issues/2025-06/images/, all of these or only the NAMEs given (file names
with or without the extension, e.g. `binshui-kongjian yantaohui`):
    zongzi-table.jpg      (3:2)  p2  新泾粽香里的时光对话
    shengjing-garden.jpg  (3:2)  p3  生境花园
    sizhu-stage.jpg       (3:2)  p4  江南丝竹
    xinshegong-class.png  (4:3)  p5  新社工培训班 (the one PNG)
    lantern-hall.jpg      (4:3)  p8  社区风采
    binshui-kongjian.jpg  (3:2)  p1  区长刘平到新泾镇开展调研 (周家浜滨水公共空间)
    yantaohui.jpg         (3:2)  p1  从“住有所居”到“住有善治” (研讨交流会)
Each scene has its own seed and canvas, so regenerating some never changes the
bytes of the others.
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "issues" / "2025-06" / "images"
W = 2400


# ---------------------------------------------------------------- helpers
class FilledDraw(ImageDraw.ImageDraw):
    """ImageDraw whose closed shapes are filled with 255 unless told otherwise."""

    def polygon(self, xy, fill=255, outline=None, width=1):
        return super().polygon(xy, fill=fill, outline=outline, width=width)

    def ellipse(self, xy, fill=255, outline=None, width=1):
        return super().ellipse(xy, fill=fill, outline=outline, width=width)

    def rectangle(self, xy, fill=255, outline=None, width=1):
        return super().rectangle(xy, fill=fill, outline=outline, width=width)

    def rounded_rectangle(self, xy, radius=0, fill=255, outline=None, width=1, **kw):
        return super().rounded_rectangle(xy, radius, fill=fill, outline=outline, width=width, **kw)

    def pieslice(self, xy, start, end, fill=255, outline=None, width=1):
        return super().pieslice(xy, start, end, fill=fill, outline=outline, width=width)

    def line(self, xy, fill=255, width=0, joint=None):
        return super().line(xy, fill=fill, width=width, joint=joint)


class Canvas:
    """A float RGB canvas (0..1) with soft-mask painting."""

    def __init__(self, w, h, seed):
        self.w, self.h = w, h
        self.rng = np.random.default_rng(seed)
        self.a = np.zeros((h, w, 3), np.float32)

    # masks are drawn on a greyscale PIL image, optionally blurred
    def mask(self, draw_fn, blur=0.0):
        m = Image.new("L", (self.w, self.h), 0)
        draw_fn(FilledDraw(m))
        if blur > 0:
            box = m.getbbox()
            if box is None:
                return np.zeros((self.h, self.w, 1), np.float32)
            pad = int(blur * 3) + 2
            box = (max(0, box[0] - pad), max(0, box[1] - pad),
                   min(self.w, box[2] + pad), min(self.h, box[3] + pad))
            m.paste(m.crop(box).filter(ImageFilter.GaussianBlur(blur)), box[:2])
        return np.asarray(m, np.float32)[..., None] / 255.0

    def paint(self, m, colour, alpha=1.0):
        c = np.asarray(colour, np.float32).reshape(1, 1, 3) / 255.0
        if c.ndim == 3 and np.ndim(colour) == 3:
            c = np.asarray(colour, np.float32) / 255.0
        k = m * alpha
        self.a = self.a * (1 - k) + c * k

    def paint_field(self, m, field, alpha=1.0):
        """Paint with a per-pixel colour field (h, w, 3) in 0..1."""
        k = m * alpha
        self.a = self.a * (1 - k) + field * k

    def vgrad(self, top, bottom, y0=0, y1=None, gamma=1.0):
        y1 = self.h if y1 is None else y1
        t = np.clip((np.arange(self.h, dtype=np.float32) - y0) / max(1, y1 - y0), 0, 1) ** gamma
        top = np.asarray(top, np.float32) / 255.0
        bottom = np.asarray(bottom, np.float32) / 255.0
        col = top[None, :] * (1 - t[:, None]) + bottom[None, :] * t[:, None]
        return np.broadcast_to(col[:, None, :], (self.h, self.w, 3)).copy()

    def noise(self, scale, blur, amount, mono=True):
        """Smooth noise field: random at 1/scale resolution, resized up and blurred."""
        h, w = max(2, self.h // scale), max(2, self.w // scale)
        ch = 1 if mono else 3
        n = self.rng.normal(0.0, 1.0, (h, w, ch)).astype(np.float32)
        out = []
        for i in range(ch):
            im = Image.fromarray(((np.clip(n[..., i], -3, 3) + 3) / 6 * 255).astype(np.uint8))
            im = im.resize((self.w, self.h), Image.Resampling.BICUBIC)
            if blur:
                im = im.filter(ImageFilter.GaussianBlur(blur))
            out.append((np.asarray(im, np.float32) / 255.0 - 0.5) * 2 * amount)
        return np.stack(out, -1)

    def texture(self, m, amount=0.05, scale=6, blur=2):
        self.a += self.noise(scale, blur, amount) * m

    def vignette(self, strength=0.35):
        y, x = np.mgrid[0:self.h, 0:self.w].astype(np.float32)
        d = ((x / self.w - 0.5) ** 2 + (y / self.h - 0.5) ** 2) / 0.5
        self.a *= (1 - strength * d ** 1.3)[..., None]

    def grain(self, amount=0.018):
        self.a += self.rng.normal(0, amount, (self.h, self.w, 1)).astype(np.float32)

    def soften(self, radius=1.2):
        self.a = np.asarray(
            self.image().filter(ImageFilter.GaussianBlur(radius)), np.float32) / 255.0

    def image(self):
        return Image.fromarray((np.clip(self.a, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")


def save_jpeg(c, name):
    c.image().save(OUT / name, "JPEG", quality=88, optimize=False, progressive=False,
                   subsampling=2, dpi=(300, 300))


def save_png(c, name):
    c.image().save(OUT / name, "PNG", optimize=False, compress_level=9, dpi=(300, 300))


# ---------------------------------------------------------------- scenes
def zongzi_table():
    """A wooden table with rice dumplings, bamboo leaves and bowls, warm window light."""
    h = W * 2 // 3
    c = Canvas(W, h, seed=20250601)
    # wall: warm plaster, lighter towards an off-frame window on the left
    c.a = c.vgrad((214, 196, 168), (176, 150, 118), 0, int(h * 0.42))
    x = np.linspace(0, 1, W, dtype=np.float32)
    c.a *= (1.12 - 0.3 * x)[None, :, None]
    c.texture(1.0, 0.03, 12, 6)
    # window light patch on the wall
    m = c.mask(lambda d: d.rectangle([120, -40, 760, int(h * 0.36)]), blur=60)
    c.paint(m, (250, 236, 206), 0.45)
    # table top: perspective wood planks
    top = int(h * 0.40)
    tbl = c.vgrad((150, 98, 58), (96, 58, 30), top, h)
    grain = c.noise(3, 1, 1.0)[..., :1]
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(W, dtype=np.float32)[None, :]
    streak = np.sin((xx - W / 2) / (8 + (yy - top).clip(0) * 0.03) + grain[..., 0] * 2.5)
    tbl *= (1 + 0.07 * streak)[..., None]
    m = c.mask(lambda d: d.rectangle([0, top, W, h]), blur=2)
    c.paint_field(m, tbl)
    # plank seams
    for k in range(-6, 7):
        x0 = W / 2 + k * 230
        x1 = W / 2 + k * 520
        m = c.mask(lambda d, x0=x0, x1=x1: d.line([(x0, top), (x1, h)], fill=255, width=5), blur=2)
        c.paint(m, (60, 34, 16), 0.55)
    # a large bamboo tray (woven ellipse) at the back
    m = c.mask(lambda d: d.ellipse([1250, top - 40, 2330, top + 330]), blur=3)
    c.paint(m, (196, 160, 96))
    c.texture(m, 0.09, 2, 0.6)
    m2 = c.mask(lambda d: d.ellipse([1300, top - 20, 2280, top + 300]), blur=3)
    c.paint(m2, (172, 136, 76), 0.6)
    # bamboo leaves fanned on the table (long green ellipses, rotated)
    for _ in range(14):
        ang = float(c.rng.uniform(-35, 35))
        px = int(c.rng.uniform(60, 1100)); py = int(c.rng.uniform(top + 120, h - 520))
        def leaf_mask(shape, blur):
            L = Image.new("L", (900, 900), 0)
            shape(ImageDraw.Draw(L))
            L = L.rotate(ang, resample=Image.Resampling.BICUBIC)
            full = Image.new("L", (W, h), 0)
            full.paste(255, (px, py), L)
            return np.asarray(full.filter(ImageFilter.GaussianBlur(blur)), np.float32)[..., None] / 255
        g = c.rng.uniform(0.8, 1.15)
        m = leaf_mask(lambda d: d.polygon([(50, 450), (300, 405), (700, 418), (860, 450),
                                           (700, 482), (300, 495)], fill=255), 2)
        sh = np.zeros_like(m); sh[14:, 10:] = m[:-14, :-10]
        c.a *= 1 - 0.25 * sh                                 # soft drop shadow on the wood
        c.paint(m, (int(84 * g), int(132 * g), int(58 * g)))
        c.texture(m, 0.05, 1, 0.5)
        m2 = leaf_mask(lambda d: d.line([(60, 450), (850, 450)], fill=255, width=5), 1.5)
        c.paint(m2, (170, 196, 120), 0.6)                    # midrib
        m3 = leaf_mask(lambda d: d.polygon([(120, 452), (700, 440), (840, 452), (700, 478), (300, 490)], fill=255), 14)
        c.paint(m3, (36, 70, 30), 0.25)                      # one side in shade
    # zongzi: dark-green tetrahedra with a light string, in two rows on the tray
    def zongzi(cx, cy, s, tilt):
        pts = [(cx - s, cy + s * 0.55), (cx + s, cy + s * 0.6), (cx + s * 0.1 + tilt, cy - s * 0.9)]
        shade = [(cx + s * 0.1 + tilt, cy - s * 0.9), (cx + s, cy + s * 0.6), (cx + s * 0.25, cy + s * 0.7)]
        m = c.mask(lambda d: d.polygon(pts, fill=255), blur=2.5)
        c.paint(m, (58 + c.rng.integers(0, 20), 96 + c.rng.integers(0, 20), 44))
        c.texture(m, 0.07, 2, 0.8)
        m = c.mask(lambda d: d.polygon(shade, fill=255), blur=6)
        c.paint(m, (30, 58, 26), 0.55)
        # highlight on the lit (left) face
        hl = [(cx - s * 0.8, cy + s * 0.4), (cx + s * 0.05 + tilt, cy - s * 0.75), (cx - s * 0.2, cy + s * 0.2)]
        m = c.mask(lambda d: d.polygon(hl, fill=255), blur=10)
        c.paint(m, (150, 180, 110), 0.35)
        # string
        m = c.mask(lambda d: d.line([(cx - s * 0.75, cy + s * 0.1), (cx + s * 0.8, cy + s * 0.15)],
                                    fill=255, width=max(3, int(s * 0.05))), blur=1.2)
        c.paint(m, (228, 214, 180), 0.9)
        # contact shadow
        m = c.mask(lambda d: d.ellipse([cx - s * 1.1, cy + s * 0.45, cx + s * 1.15, cy + s * 0.85]), blur=14)
        c.a *= 1 - 0.35 * m
    for row, (y, n, s) in enumerate([(top + 80, 5, 80), (top + 190, 4, 95)]):
        for i in range(n):
            zongzi(1420 + i * (190 if row == 0 else 215) + row * 60, y, s, c.rng.uniform(-15, 15))
    # foreground zongzi on the wood, larger, slightly out of focus
    for cx, cy, s in [(1380, h - 260, 190), (1780, h - 200, 210)]:
        zongzi(cx, cy, s, 10)
    # bowls: glutinous rice (white) and red beans
    def bowl(cx, cy, rx, ry, fill):
        m = c.mask(lambda d: d.ellipse([cx - rx * 1.06, cy + ry * 0.1, cx + rx * 1.06, cy + ry * 2.4]), blur=20)
        c.a *= 1 - 0.3 * m                                   # soft shadow
        m = c.mask(lambda d: d.pieslice([cx - rx, cy - ry * 1.6, cx + rx, cy + ry * 1.9], 0, 180), blur=2)
        c.paint(m, (232, 230, 222))                          # porcelain body
        m = c.mask(lambda d: d.ellipse([cx - rx * 0.45, cy + ry * 0.3, cx + rx * 0.2, cy + ry * 1.3]), blur=18)
        c.paint(m, (70, 110, 170), 0.35)                     # blue pattern
        m = c.mask(lambda d: d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry]), blur=2)
        c.paint(m, (226, 222, 212))
        m = c.mask(lambda d: d.ellipse([cx - rx * 0.9, cy - ry * 0.8, cx + rx * 0.9, cy + ry * 0.8]), blur=3)
        c.paint(m, fill)
        c.texture(m, 0.12, 1, 0.5)
    bowl(430, top + 330, 230, 70, (238, 234, 224))
    bowl(880, top + 560, 210, 64, (128, 42, 34))
    # steam / atmosphere, warm light and finishing
    m = c.mask(lambda d: d.ellipse([1500, top - 520, 2200, top + 60]), blur=120)
    c.paint(m, (255, 246, 230), 0.18)
    c.vignette(0.45)
    c.soften(1.4)
    c.grain(0.016)
    save_jpeg(c, "zongzi-table.jpg")


def shengjing_garden():
    """A riverside habitat garden: sky, tree line, water with reflections, planted bank."""
    h = W * 2 // 3
    c = Canvas(W, h, seed=20250602)
    horizon = int(h * 0.42)
    c.a = c.vgrad((120, 168, 220), (214, 228, 236), 0, horizon, 0.8)
    # clouds
    for _i in range(9):
        x0 = c.rng.uniform(-200, W); y0 = c.rng.uniform(40, horizon * 0.6)
        rx = c.rng.uniform(200, 520); ry = rx * c.rng.uniform(0.18, 0.3)
        m = c.mask(lambda d: d.ellipse([x0 - rx, y0 - ry, x0 + rx, y0 + ry]), blur=50)
        c.paint(m, (248, 250, 252), 0.55)
    # distant buildings, hazy
    for _i in range(14):
        bx = c.rng.uniform(0, W); bw = c.rng.uniform(80, 200); bh = c.rng.uniform(90, 300)
        m = c.mask(lambda d: d.rectangle([bx, horizon - bh, bx + bw, horizon + 5]), blur=3)
        c.paint(m, (176, 190, 204), 0.7)
    # far tree line: many overlapping blobs
    tl = Image.new("L", (W, h), 0); d = ImageDraw.Draw(tl)
    for _i in range(260):
        x0 = c.rng.uniform(-60, W + 60); r = c.rng.uniform(30, 110)
        y0 = horizon - c.rng.uniform(0, 120) + r * 0.3
        d.ellipse([x0 - r, y0 - r, x0 + r, y0 + r], fill=255)
    d.rectangle([0, horizon - 20, W, horizon + 30], fill=255)
    m = np.asarray(tl.filter(ImageFilter.GaussianBlur(4)), np.float32)[..., None] / 255
    col = c.vgrad((70, 112, 70), (40, 76, 44), horizon - 220, horizon + 30) + c.noise(3, 2, 0.08)
    c.paint_field(m, col)
    # water
    wtop = horizon + 30; wbot = int(h * 0.66)
    water = c.vgrad((98, 128, 126), (132, 158, 160), wtop, wbot)
    ripple = c.noise(2, 0, 1.0)[..., :1]
    stretched = Image.fromarray(((ripple[..., 0] + 1) * 127).clip(0, 255).astype(np.uint8))
    stretched = stretched.resize((W // 40, h), Image.Resampling.BILINEAR).resize((W, h), Image.Resampling.BICUBIC)
    rip = (np.asarray(stretched, np.float32)[..., None] / 127.0 - 1)
    water += rip * 0.06
    # reflection of the tree line: flipped, darkened band
    refl = np.flip(c.a[horizon - (wbot - wtop) + 30:horizon + 30], 0)
    rm = np.zeros((h, W, 1), np.float32); rm[wtop:wbot] = np.linspace(0.55, 0.1, wbot - wtop)[:, None, None]
    field = water.copy(); field[wtop:wbot] = refl * 0.8 + water[wtop:wbot] * 0.2
    m = c.mask(lambda d: d.rectangle([0, wtop, W, wbot]), blur=2)
    c.paint_field(m, water)
    c.paint_field(rm * m, field)
    # glints
    for _i in range(400):
        gx = c.rng.uniform(0, W); gy = c.rng.uniform(wtop + 10, wbot)
        gl = c.rng.uniform(10, 50)
        m = c.mask(lambda d: d.line([(gx, gy), (gx + gl, gy)], fill=255, width=2), blur=1.5)
        c.paint(m, (236, 242, 240), 0.45)
    # near bank and boardwalk
    bank = c.vgrad((104, 132, 64), (58, 84, 36), wbot - 40, h)
    m = c.mask(lambda d: d.polygon([(0, wbot - 10), (W, wbot + 30), (W, h), (0, h)]), blur=6)
    c.paint_field(m, bank + c.noise(2, 1, 0.07))
    # wooden boardwalk curving in from the lower right
    walk = [(W * 0.56, h), (W, h), (W, wbot + 150), (W * 0.92, wbot + 60), (W * 0.78, wbot + 120)]
    m = c.mask(lambda d: d.polygon(walk), blur=3)
    wood = c.vgrad((168, 128, 86), (128, 90, 58), wbot, h)
    xx = np.arange(W, dtype=np.float32)[None, :]
    yy = np.arange(h, dtype=np.float32)[:, None]
    wood *= (1 - 0.12 * (np.sin(np.clip(yy - wbot, 0, None) ** 1.25 / 9 + xx * 0.02) > 0.85))[..., None]
    c.paint_field(m, wood)
    c.texture(m, 0.05, 1, 0.6)
    # reeds and grasses: many thin strokes
    st = Image.new("L", (W, h), 0); d = ImageDraw.Draw(st)
    for _i in range(2600):
        x0 = c.rng.uniform(0, W * 0.75); y0 = c.rng.uniform(wbot, h + 30)
        ln = c.rng.uniform(40, 220) * (0.6 + (y0 - wbot) / (h - wbot))
        lean = c.rng.uniform(-0.35, 0.35) * ln
        d.line([(x0, y0), (x0 + lean, y0 - ln)], fill=int(c.rng.uniform(120, 255)), width=int(c.rng.integers(2, 6)))
    m = np.asarray(st.filter(ImageFilter.GaussianBlur(1.2)), np.float32)[..., None] / 255
    c.paint_field(m, c.vgrad((150, 170, 84), (62, 100, 42), wbot - 200, h) + c.noise(2, 0, 0.1))
    # flowers: clusters of soft dots (purple, yellow, white, pink)
    palette = [(150, 118, 170), (214, 186, 84), (232, 230, 220), (206, 138, 150), (190, 104, 72)]
    for _k in range(150):
        cx = c.rng.uniform(0, W * 0.8); cy = c.rng.uniform(wbot + 40, h - 20)
        near = (cy - wbot) / (h - wbot)
        col = np.asarray(palette[int(c.rng.integers(0, len(palette)))]) * 0.85 + np.asarray((90, 120, 60)) * 0.15
        size = 3 + near * 8
        pts = c.rng.normal(0, 1, (18, 2)) * [40 + 40 * near, 14 + 16 * near] + [cx, cy]
        m = c.mask(lambda d: [d.ellipse([x - size, y - size * 0.8, x + size, y + size * 0.8], fill=255) for x, y in pts],
                   blur=1 + 5 * near ** 2)
        c.paint(m, col * c.rng.uniform(0.85, 1.05), 0.85)
    # a small insect hotel / wooden box on the bank (habitat-garden detail)
    m = c.mask(lambda d: d.rectangle([420, wbot + 150, 600, wbot + 390]), blur=2)
    c.paint(m, (120, 84, 52))
    c.texture(m, 0.1, 1, 0.5)
    m = c.mask(lambda d: d.polygon([(400, wbot + 155), (510, wbot + 90), (620, wbot + 155)]), blur=2)
    c.paint(m, (92, 62, 40))
    c.vignette(0.3)
    c.soften(1.2)
    c.grain(0.014)
    save_jpeg(c, "shengjing-garden.jpg")


def sizhu_stage():
    """Silk-and-bamboo ensemble on a small stage: warm spotlights, seated silhouettes."""
    h = W * 2 // 3
    c = Canvas(W, h, seed=20250603)
    c.a = c.vgrad((38, 18, 16), (70, 30, 22), 0, int(h * 0.7))
    # red backdrop curtain with folds
    xx = np.arange(W, dtype=np.float32)[None, :]
    folds = 0.75 + 0.25 * np.sin(xx / 38.0 + np.sin(xx / 170.0) * 2)
    curtain = c.vgrad((120, 22, 26), (76, 12, 16), 0, int(h * 0.72)) * folds[..., None]
    m = c.mask(lambda d: d.rectangle([0, 0, W, int(h * 0.72)]), blur=1)
    c.paint_field(m, curtain)
    # spotlight pools
    for sx, sr, a in [(620, 520, 0.55), (1200, 600, 0.6), (1800, 520, 0.55)]:
        m = c.mask(lambda d: d.ellipse([sx - sr, -sr * 0.4, sx + sr, h * 0.95]), blur=160)
        c.paint(m, (255, 196, 130), a * 0.6)
    # stage floor
    fl = int(h * 0.72)
    floor = c.vgrad((96, 60, 40), (40, 24, 18), fl, h)
    yy = np.arange(h, dtype=np.float32)[:, None]
    floor *= (1 + 0.05 * np.sin((xx - W / 2) / (6 + (yy - fl).clip(1) * 0.05)))[..., None]
    m = c.mask(lambda d: d.rectangle([0, fl, W, h]), blur=2)
    c.paint_field(m, floor)
    m = c.mask(lambda d: d.ellipse([300, fl - 60, 2100, fl + 260]), blur=90)
    c.paint(m, (230, 160, 100), 0.35)
    # musicians: dark silhouettes (head, body, chair) with instruments
    sil = (26, 16, 14)
    def musician(cx, base, s, instrument):
        def body(d):
            d.ellipse([cx - s * 0.22, base - s * 1.95, cx + s * 0.22, base - s * 1.45], fill=255)       # head
            d.polygon([(cx - s * 0.42, base - s * 0.7), (cx - s * 0.3, base - s * 1.4),
                       (cx + s * 0.3, base - s * 1.4), (cx + s * 0.42, base - s * 0.7)], fill=255)   # torso
            d.rectangle([cx - s * 0.1, base - s * 1.5, cx + s * 0.1, base - s * 1.38], fill=255)   # neck
            d.polygon([(cx - s * 0.5, base - s * 0.75), (cx + s * 0.75, base - s * 0.7),
                       (cx + s * 0.75, base - s * 0.5), (cx - s * 0.5, base - s * 0.5)], fill=255)   # lap
            d.rectangle([cx + s * 0.58, base - s * 0.55, cx + s * 0.72, base], fill=255)          # shin
            d.rectangle([cx - s * 0.45, base - s * 0.5, cx - s * 0.35, base], fill=255)           # chair leg
            if instrument == "erhu":
                d.line([(cx + s * 0.1, base - s * 0.55), (cx + s * 0.05, base - s * 2.15)], fill=255, width=int(s * 0.05))
                d.ellipse([cx + s * 0.0, base - s * 0.75, cx + s * 0.28, base - s * 0.5], fill=255)
                d.line([(cx - s * 0.55, base - s * 1.0), (cx + s * 0.6, base - s * 0.85)], fill=255, width=int(s * 0.025))
            elif instrument == "pipa":
                d.ellipse([cx - s * 0.3, base - s * 1.15, cx + s * 0.3, base - s * 0.45], fill=255)
                d.line([(cx, base - s * 1.0), (cx + s * 0.25, base - s * 1.85)], fill=255, width=int(s * 0.09))
            elif instrument == "dizi":
                d.line([(cx - s * 0.1, base - s * 1.62), (cx + s * 0.95, base - s * 1.72)], fill=255, width=int(s * 0.05))
            elif instrument == "yangqin":
                d.polygon([(cx - s * 0.9, base - s * 0.55), (cx + s * 0.9, base - s * 0.55),
                           (cx + s * 0.7, base - s * 0.8), (cx - s * 0.7, base - s * 0.8)], fill=255)
                d.rectangle([cx - s * 0.8, base - s * 0.55, cx - s * 0.7, base], fill=255)
                d.rectangle([cx + s * 0.7, base - s * 0.55, cx + s * 0.8, base], fill=255)
        m = c.mask(body, blur=2.2)
        c.paint(m, sil, 0.96)
        # rim light on the shoulder facing the centre spot
        rim = c.mask(lambda d: d.ellipse([cx - s * 0.45, base - s * 1.5, cx + s * 0.45, base - s * 1.2]), blur=12)
        c.paint(rim * m, (200, 120, 70), 0.35)
    for cx, inst, s in [(420, "erhu", 300), (830, "pipa", 320), (1210, "yangqin", 310),
                        (1600, "dizi", 320), (1990, "erhu", 300)]:
        musician(cx, fl + 150, s, inst)
    # music stands
    for sx in [560, 1360, 1760]:
        m = c.mask(lambda d: (d.line([(sx, fl + 150), (sx, fl - 140)], fill=255, width=8),
                              d.polygon([(sx - 70, fl - 230), (sx + 70, fl - 230), (sx + 60, fl - 130), (sx - 60, fl - 130)], fill=255)), blur=2)
        c.paint(m, sil, 0.9)
    # audience heads in the dark foreground, out of focus
    for i in range(16):
        hx = i * 160 + c.rng.uniform(-40, 40); hy = h - c.rng.uniform(20, 90); r = c.rng.uniform(75, 100)
        m = c.mask(lambda d: (d.ellipse([hx - r, hy - r * 1.2, hx + r, hy + r]),
                              d.rectangle([hx - r * 1.5, hy + r * 0.6, hx + r * 1.5, h + 50], fill=255)), blur=14)
        c.paint(m, (14, 9, 8), 0.95)
    # bokeh: stage lights at the top
    for _ in range(22):
        bx = c.rng.uniform(0, W); by = c.rng.uniform(20, 160); br = c.rng.uniform(18, 40)
        m = c.mask(lambda d: d.ellipse([bx - br, by - br, bx + br, by + br]), blur=6)
        c.paint(m, (255, 220, 170), 0.5)
    c.vignette(0.5)
    c.soften(1.6)
    c.grain(0.022)
    save_jpeg(c, "sizhu-stage.jpg")


def xinshegong_class():
    """A training hall seen from the back rows: screen, window light, rows of heads and chairs."""
    h = W * 3 // 4
    c = Canvas(W, h, seed=20250604)
    c.a = c.vgrad((226, 228, 224), (196, 196, 190), 0, int(h * 0.55))
    # ceiling strip lights in perspective
    vx, vy = W * 0.5, h * 0.36
    for k in range(-3, 4):
        m = c.mask(lambda d, k=k: d.line([(vx + k * 60, vy - 40), (vx + k * 700, -40)], fill=255, width=22), blur=8)
        c.paint(m, (252, 252, 246), 0.8)
    # side windows (left), bright with soft frames
    for i in range(4):
        x0 = 40 + i * 170; y0 = 200 + i * 55; x1 = x0 + 130; y1 = h * 0.62 - i * 30
        m = c.mask(lambda d: d.polygon([(x0, y0), (x1, y0 + 35), (x1, y1 - 15), (x0, y1)]), blur=4)
        c.paint(m, (236, 244, 248), 0.95)
    # front wall and projection screen
    m = c.mask(lambda d: d.rectangle([720, 220, 1680, 880]), blur=2)
    c.paint(m, (176, 160, 140))
    m = c.mask(lambda d: d.rectangle([800, 270, 1600, 740]), blur=2)
    c.paint(m, (248, 248, 244))
    m = c.mask(lambda d: d.rectangle([800, 270, 1600, 360]), blur=2)
    c.paint(m, (190, 40, 40), 0.9)                          # a red title band on the slide
    for j in range(5):
        m = c.mask(lambda d, j=j: d.rectangle([880, 420 + j * 58, 880 + [620, 560, 600, 420, 520][j], 440 + j * 58]), blur=2)
        c.paint(m, (120, 120, 126), 0.55)
    # lectern and speaker silhouette to the right of the screen
    m = c.mask(lambda d: (d.polygon([(1730, 900), (1870, 900), (1850, 700), (1750, 700)]),
                          d.ellipse([1770, 560, 1840, 640], fill=255),
                          d.polygon([(1750, 720), (1760, 640), (1850, 640), (1860, 720)], fill=255)), blur=2)
    c.paint(m, (70, 58, 52))
    # floor
    fl = int(h * 0.55)
    m = c.mask(lambda d: d.rectangle([0, fl, W, h]), blur=2)
    c.paint_field(m, c.vgrad((170, 150, 126), (120, 100, 80), fl, h))
    # rows of people from behind: heads and shoulders, grey/blue chair backs
    rows = [(fl + 70, 34, 14), (fl + 190, 48, 12), (fl + 350, 66, 10), (fl + 560, 92, 8), (h + 40, 128, 6)]
    tones = [(40, 34, 30), (58, 46, 38), (24, 22, 22), (70, 60, 50), (36, 30, 30)]
    shirts = [(60, 82, 120), (210, 210, 206), (150, 40, 40), (90, 110, 90), (40, 44, 60), (180, 160, 130)]
    for y, r, n in rows:
        step = W / n
        for i in range(n + 1):
            x = i * step + c.rng.uniform(-0.2, 0.2) * step + (step / 2 if (r // 10) % 2 else 0)
            if c.rng.uniform() < 0.12:
                continue                                     # an empty seat
            sh = shirts[int(c.rng.integers(0, len(shirts)))]
            m = c.mask(lambda d: d.ellipse([x - r * 1.9, y - r * 0.4, x + r * 1.9, y + r * 3.0]), blur=max(1.5, r / 14))
            c.paint(m, sh)
            m = c.mask(lambda d: d.ellipse([x - r * 0.82, y - r * 1.85, x + r * 0.82, y + r * 0.15]), blur=max(1.5, r / 16))
            c.paint(m, tones[int(c.rng.integers(0, len(tones)))])
            m = c.mask(lambda d: d.ellipse([x - r * 0.6, y - r * 1.7, x + r * 0.1, y - r * 0.9]), blur=r / 3)
            c.paint(m, (120, 100, 90), 0.25)                 # soft sheen on the hair
        m = c.mask(lambda d: d.rectangle([0, y + r * 1.7, W, y + r * 2.6]), blur=r / 4)
        c.paint(m, (70, 84, 110), 0.85)                      # chair backs
    c.vignette(0.3)
    # the PNG is kept smoother (less grain) so that it stays small
    c.soften(1.5)
    save_png(c, "xinshegong-class.png")


def lantern_hall():
    """A community hall with rows of red lanterns receding towards a bright doorway."""
    h = W * 3 // 4
    c = Canvas(W, h, seed=20250605)
    vx, vy = W * 0.52, h * 0.47
    # walls / ceiling / floor as a one-point-perspective box
    c.a = c.vgrad((120, 76, 54), (92, 56, 40))
    m = c.mask(lambda d: d.polygon([(0, 0), (W, 0), (vx + 260, vy - 170), (vx - 260, vy - 170)]), blur=2)
    c.paint_field(m, c.vgrad((74, 44, 34), (140, 96, 66), 0, vy))          # timber ceiling
    m = c.mask(lambda d: d.polygon([(0, h), (W, h), (vx + 260, vy + 170), (vx - 260, vy + 170)]), blur=2)
    c.paint_field(m, c.vgrad((150, 138, 124), (96, 86, 76), vy, h))        # stone floor
    c.texture(m, 0.05, 2, 0.8)
    for k in range(-8, 9):                                                  # floor joints
        jm = c.mask(lambda d, k=k: d.line([(vx + k * 60, vy + 170), (vx + k * 520, h)], fill=255, width=3), blur=1.5)
        c.paint(jm * m, (70, 62, 54), 0.5)
    fm = c.mask(lambda d: d.ellipse([vx - 500, vy + 150, vx + 500, h + 200]), blur=120)
    c.paint(fm * m, (250, 226, 190), 0.25)                                  # light spill from the door
    # ceiling beams converge at the vanishing point
    for k in range(1, 13):
        t = (k / 13) ** 1.7
        y = vy - 170 - (vy - 170) * (1 - t)
        xl = vx - 260 - (vx - 260) * (1 - t); xr = vx + 260 + (W - vx - 260) * (1 - t)
        m = c.mask(lambda d: d.line([(xl, y), (xr, y)], fill=255, width=max(3, int(30 * (1 - t)))), blur=2)
        c.paint(m, (52, 30, 22), 0.9)
    # bright doorway at the far end
    m = c.mask(lambda d: d.rectangle([vx - 260, vy - 170, vx + 260, vy + 170]), blur=3)
    c.paint(m, (246, 232, 200))
    m = c.mask(lambda d: d.rectangle([vx - 170, vy - 120, vx + 170, vy + 170]), blur=30)
    c.paint(m, (255, 250, 236), 0.9)
    # side walls with windows and red couplet banners
    for side in (-1, 1):
        for k in range(5):
            t0 = (k / 5) ** 1.5; t1 = ((k + 0.55) / 5) ** 1.5
            def xpos(t): return vx + side * (260 + (W / 2 - 260) * (1 - t))
            def ytop(t): return vy - 170 - (vy - 170) * (1 - t) * 0.55
            def ybot(t): return vy + 170 + (h - vy - 170) * (1 - t) * 0.5
            pts = [(xpos(t0), ytop(t0)), (xpos(t1), ytop(t1)), (xpos(t1), ybot(t1)), (xpos(t0), ybot(t0))]
            m = c.mask(lambda d: d.polygon(pts), blur=3)
            c.paint(m, (190, 40, 34) if k % 2 else (226, 214, 186), 0.85)
    # rows of red lanterns: three strings receding
    for _row, (x_off, y_off) in enumerate([(-420, -10), (0, -40), (420, -10)]):
        for k in range(12):
            t = 1 - (k / 12) ** 0.8                          # 1 near, 0 far
            s = 30 + 150 * t
            x = vx + x_off * (0.12 + 0.88 * t) * 2.2 + (90 * t if x_off == 0 else 0)
            y = vy - 150 - (vy - 150 - 220 + y_off) * t
            # string
            m = c.mask(lambda d: d.line([(x, y - s * 1.6), (x, y - s * 0.8)], fill=255, width=max(2, int(s / 30))), blur=1)
            c.paint(m, (40, 24, 18), 0.9)
            # glow
            m = c.mask(lambda d: d.ellipse([x - s * 1.9, y - s * 1.7, x + s * 1.9, y + s * 1.7]), blur=s * 0.8)
            c.paint(m, (255, 120, 60), 0.22)
            # body
            m = c.mask(lambda d: d.ellipse([x - s, y - s * 0.82, x + s, y + s * 0.82]), blur=max(1.2, s / 40))
            c.paint(m, (206, 32, 28))
            # ribs and highlight
            for r in (-0.55, 0, 0.55):
                m = c.mask(lambda d: d.arc([x - s * abs(r) - 2, y - s * 0.82, x + s * abs(r) + 2, y + s * 0.82],
                                           90 if r < 0 else 270, 270 if r < 0 else 90, fill=255,
                                           width=max(1, int(s / 35))) if r else
                           d.line([(x, y - s * 0.82), (x, y + s * 0.82)], fill=255, width=max(1, int(s / 35))), blur=1)
                c.paint(m, (150, 20, 20), 0.6)
            m = c.mask(lambda d: d.ellipse([x - s * 0.55, y - s * 0.6, x + s * 0.05, y + s * 0.1]), blur=s / 3)
            c.paint(m, (255, 190, 120), 0.55)
            # gold caps and tassel
            m = c.mask(lambda d: (d.rectangle([x - s * 0.35, y - s * 0.92, x + s * 0.35, y - s * 0.78]),
                                  d.rectangle([x - s * 0.35, y + s * 0.78, x + s * 0.35, y + s * 0.92], fill=255),
                                  d.line([(x, y + s * 0.92), (x, y + s * 1.6)], fill=255, width=max(2, int(s / 12)))), blur=1)
            c.paint(m, (214, 164, 60), 0.95)
    # people walking, small and soft, towards the doorway
    for _i in range(9):
        px = vx + c.rng.uniform(-700, 700); py = vy + 170 + c.rng.uniform(40, 420); s = 40 + (py - vy) * 0.35
        m = c.mask(lambda d: (d.ellipse([px - s * 0.2, py - s * 1.9, px + s * 0.2, py - s * 1.5]),
                              d.rounded_rectangle([px - s * 0.35, py - s * 1.5, px + s * 0.35, py - s * 0.4], s * 0.15, fill=255),
                              d.rectangle([px - s * 0.28, py - s * 0.5, px + s * 0.28, py], fill=255)), blur=s / 25)
        c.paint(m, (44 + c.rng.integers(0, 60), 40 + c.rng.integers(0, 40), 44 + c.rng.integers(0, 50)), 0.9)
    c.texture(1.0, 0.025, 3, 1)
    c.vignette(0.45)
    c.soften(1.4)
    c.grain(0.018)
    save_jpeg(c, "lantern-hall.jpg")


# ---------------------------------------------------------------- helpers for the two perspective scenes
def _pbox(u, lo, hi, fp):
    """Box-filtered periodic box: the share of [lo, hi) (in periods of u) under a
    pixel whose footprint is fp periods wide. Anti-aliased windows, tiles, joints."""
    fp = np.maximum(fp, 1e-4)

    def F(t):
        fl = np.floor(t)
        return fl * (hi - lo) + np.clip(t - fl - lo, 0, hi - lo)
    return (F(u + fp / 2) - F(u - fp / 2)) / fp


def _band(u, a, b, fp):
    """Soft-edged 0..1 indicator of a <= u < b, edges one footprint wide."""
    fp = np.maximum(fp, 1e-4)
    return np.clip((u - a) / fp + 0.5, 0, 1) * np.clip((b - u) / fp + 0.5, 0, 1)


def _fp(u):
    """Per-pixel footprint of a world coordinate field (how much it changes across a pixel)."""
    gy, gx = np.gradient(u)
    return np.abs(gx) + np.abs(gy)


class _FastCanvas(Canvas):
    """Canvas that only touches the rows and columns a mask covers: the same arithmetic
    as Canvas inside the box (and nothing changes outside it), much quicker for small
    shapes. Used by the scenes added later; the first five scenes keep Canvas."""

    @staticmethod
    def _box(m):
        if np.ndim(m) == 0:
            return (slice(None), slice(None))
        nz = m[..., 0] > 0
        rows = np.flatnonzero(nz.any(axis=1))
        if rows.size == 0:
            return None
        cols = np.flatnonzero(nz[rows[0]:rows[-1] + 1].any(axis=0))
        return (slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1))

    def paint(self, m, colour, alpha=1.0):
        b = self._box(m)
        if b is None:
            return
        col = np.asarray(colour, np.float32).reshape(1, 1, 3) / 255.0
        k = (m[b] if np.ndim(m) else m) * alpha
        self.a[b] = self.a[b] * (1 - k) + col * k

    def paint_field(self, m, field, alpha=1.0):
        b = self._box(m)
        if b is None:
            return
        k = (m[b] if np.ndim(m) else m) * alpha
        self.a[b] = self.a[b] * (1 - k) + field[b] * k

    def texture(self, m, amount=0.05, scale=6, blur=2):
        b = self._box(m)
        if b is None:
            return
        sub = self.a[b]
        bh, bw = sub.shape[:2]
        n = self.rng.normal(0.0, 1.0, (max(2, bh // scale), max(2, bw // scale))).astype(np.float32)
        im = Image.fromarray(((np.clip(n, -3, 3) + 3) / 6 * 255).astype(np.uint8)).resize((bw, bh), Image.Resampling.BICUBIC)
        if blur:
            im = im.filter(ImageFilter.GaussianBlur(blur))
        nf = (np.asarray(im, np.float32)[..., None] / 255.0 - 0.5) * 2 * amount
        self.a[b] = sub + nf * (m[b] if np.ndim(m) else m)


class _Cam:
    """Level pinhole camera looking along +Z from (0, eye, 0):
    screen x = vx + f X / Z, screen y = vy - f (Y - eye) / Z."""

    def __init__(self, f, vx, vy, eye, w, h):
        self.f, self.vx, self.vy, self.eye = f, vx, vy, eye
        self.ys, self.xs = np.mgrid[0:h, 0:w].astype(np.float32)

    def p(self, X, Y, Z):
        return (self.vx + self.f * X / Z, self.vy - self.f * (Y - self.eye) / Z)

    def hplane(self, Y):
        """World X, Z of every pixel on the horizontal plane at height Y (ok: pixel sees it)."""
        dy = self.ys - self.vy
        s = self.eye - Y
        ok = dy * s > 0
        Z = np.where(ok, self.f * s / np.where(ok, dy, 1), 1e5).astype(np.float32)
        X = (self.xs - self.vx) * Z / self.f
        return X, Z, ok

    def vplane(self, X):
        """World Y, Z of every pixel on the vertical plane X = const."""
        dx = self.xs - self.vx
        ok = dx * X > 0
        Z = np.where(ok, self.f * X / np.where(ok, dx, 1), 1e5).astype(np.float32)
        Y = self.eye - (self.ys - self.vy) * Z / self.f
        return Y, Z, ok


def _mix(a, b, t):
    return tuple(float(x) * (1 - t) + float(y) * t for x, y in zip(a, b, strict=False))


def _canopy(c, cx, cy, rx, ry, dark, light, n=40, blur=2.0, sun=(0.45, -0.55)):
    """A tree crown: clumps of leaves inside an ellipse with ragged, leafy edges,
    lit from `sun` (a screen direction). Returns the crown mask."""
    rng = c.rng
    clumps = []
    for _ in range(n):
        a = rng.uniform(0, 2 * np.pi); r = np.sqrt(rng.uniform(0, 1)) * 0.86
        px = cx + np.cos(a) * r * rx; py = cy + np.sin(a) * r * ry
        cr = rng.uniform(0.13, 0.27) * (rx + ry) / 2
        clumps.append((px, py, cr))
    m = c.mask(lambda d: [d.ellipse([x - r, y - r * 0.85, x + r, y + r * 0.85]) for x, y, r in clumps], blur=blur)
    b = _FastCanvas._box(m)
    if b is None:
        return m
    # leafy edge: cut the soft rim of the mask with fine noise (leaf clusters and small gaps)
    sub = m[b]
    bh, bw = sub.shape[:2]
    leaf = max(1, int(min(rx, ry) / 40))
    nz = rng.normal(0, 1, (max(2, bh // leaf), max(2, bw // leaf))).astype(np.float32)
    nim = Image.fromarray(((np.clip(nz, -2.5, 2.5) + 2.5) / 5 * 255).astype(np.uint8)).resize((bw, bh), Image.Resampling.BICUBIC)
    nf = np.asarray(nim.filter(ImageFilter.GaussianBlur(0.6)), np.float32)[..., None] / 255 - 0.5
    m = m.copy()
    m[b] = np.clip(sub * 1.5 - 0.25 + nf * 4.0 * sub * (1 - sub), 0, 1)
    c.paint(m, dark)
    c.texture(m, 0.08, 1, 0.5)
    # lit tops of the clumps towards the sun
    sx, sy = sun
    lit = c.mask(lambda d: [d.ellipse([x + sx * r * 0.35 - r * 0.62, y + sy * r * 0.35 - r * 0.5,
                                       x + sx * r * 0.35 + r * 0.62, y + sy * r * 0.35 + r * 0.5])
                            for x, y, r in clumps
                            if (x - cx) * sx / rx + (y - cy) * sy / ry > -0.35], blur=blur * 2.5 + 1)
    lit[b] = np.clip(lit[b] * (1 + nf * 1.4), 0, 1)
    c.paint(lit * m, light, 0.75)
    c.texture(lit * m, 0.07, 1, 0.5)
    # crown shade on the side away from the sun
    sh = c.mask(lambda d: d.ellipse([cx - sx * rx * 0.5 - rx * 0.75, cy - sy * ry * 0.5 - ry * 0.7,
                                     cx - sx * rx * 0.5 + rx * 0.75, cy - sy * ry * 0.5 + ry * 0.7]),
                blur=max(rx, ry) * 0.3 + 1)
    c.paint(sh * m, _mix(dark, (10, 24, 14), 0.5), 0.45)
    return m


def binshui_kongjian():
    """A waterfront walkway along a city creek: railing, lamp posts, trees, calm water, mid-rise housing."""
    h = W * 2 // 3
    c = _FastCanvas(W, h, seed=20250606)
    cam = _Cam(1500.0, 1180.0, 688.0, 1.7, W, h)
    P, rng, f = cam.p, c.rng, cam.f
    ys, xs = cam.ys, cam.xs
    # the scene, in metres: walkway Y=0 from X=-1.6 to 3; railing at X=-1.45; water Y=-1
    # out to the far bank at X=-15; far-bank trees at X=-17.5, housing facades at X=-27;
    # hedge X=3..4 and street trees at X=5.3 on the right; sun high, behind-right.
    BANK, FAC = -15.0, -27.0

    # --- sky with a few soft cumulus clouds
    c.a = c.vgrad((112, 158, 212), (214, 228, 236), 0, int(cam.vy), 0.85)
    c.a *= (0.95 + 0.07 * np.linspace(0, 1, W, dtype=np.float32))[None, :, None]
    for _ in range(8):
        cx0 = rng.uniform(-150, W + 150); cy0 = rng.uniform(50, 430); s = rng.uniform(150, 330)
        blobs = [(cx0 + rng.uniform(-1.5, 1.5) * s, cy0 + rng.uniform(-0.45, 0.05) * s, rng.uniform(0.3, 0.65) * s)
                 for _ in range(8)]
        m = c.mask(lambda d: [d.ellipse([bx - r, by - r * 0.7, bx + r, by + r * 0.45]) for bx, by, r in blobs],
                   blur=s * 0.12)
        c.paint(m, (248, 250, 252), 0.7)
        under = np.clip((ys - cy0 + s * 0.25) / (s * 0.4), 0, 1)[..., None]
        c.paint(m * under, (176, 190, 208), 0.35)

    # --- distant towers at the end of the creek, hazy
    towers = [(rng.uniform(240, 520), rng.uniform(-75, 60), rng.uniform(14, 28), rng.uniform(30, 100)) for _ in range(18)]
    for Z, X0, wd, H in sorted(towers, reverse=True):
        hz = 0.55 + 0.3 * (Z - 240) / 280
        col = _mix((150, 160, 170), (200, 212, 224), hz)
        (x0, y0), (x1, y1) = P(X0, H, Z), P(X0 + wd, -0.5, Z)
        m = c.mask(lambda d: d.rectangle([x0, y0, x1, y1]), blur=1.2)
        c.paint(m, col)
        m = c.mask(lambda d: d.rectangle([x0 + (x1 - x0) * 0.7, y0, x1, y1]), blur=1.2)
        c.paint(m, _mix(col, (255, 255, 255), 0.25))
        fl = c.mask(lambda d: [d.line([(x0, yy), (x1, yy)], fill=255, width=1)
                               for yy in np.arange(y0 + 3, y1, f * 3.0 / Z)], blur=0.8)
        c.paint(fl, _mix(col, (120, 130, 140), 0.4), 0.35)

    # --- housing blocks: facades on the right (X=+20, in shade) and on the far bank (X=-27, sunlit)
    def housing(Xf, blocks, depth, lit):
        Yw, Zw, _ok = cam.vplane(Xf)
        fz, fy = _fp(Zw), _fp(Yw)
        win = _pbox(Zw / 3.6, 0.2, 0.72, fz / 3.6) * _pbox((Yw - 0.4) / 3.0, 0.34, 0.84, fy / 3.0)
        slab = _pbox((Yw - 0.4) / 3.0, 0.0, 0.1, fy / 3.0)
        bay = _pbox(Zw / 7.2, 0.0, 0.06, fz / 7.2)            # downpipes / bay joints
        haze = np.clip(1 - np.exp(-Zw / 260.0), 0, 0.75)[..., None]
        glass = np.clip(0.5 + 0.5 * np.sin(Zw * 0.9 + Yw * 1.7), 0, 1)[..., None]
        for z0, z1, floors, wall, roof in sorted(blocks, reverse=True):
            H = floors * 3.0 + 0.4
            hzc = float(np.clip(1 - np.exp(-z0 / 260.0), 0, 0.75))
            haze_col = np.asarray((206, 218, 228), np.float32) / 255
            # end wall facing the camera (plane Z=z0), with a pitched red roof gable on top
            xa, xb = Xf, Xf + depth * np.sign(Xf)
            (ex0, ey0), (ex1, ey1) = P(min(xa, xb), H, z0), P(max(xa, xb), 0, z0)
            endc = _mix(_mix(wall, (120, 120, 124), 0.18 if lit else 0.05), (206, 218, 228), hzc)
            m = c.mask(lambda d: d.rectangle([ex0, ey0, ex1, ey1]), blur=1.2)
            c.paint(m, endc)
            gx = (xa + xb) / 2
            m = c.mask(lambda d: d.polygon([P(xa, H, z0), P(gx, H + 3.2, z0), P(xb, H, z0)]), blur=1.2)
            c.paint(m, _mix(roof, (206, 218, 228), hzc))
            # a column of small windows on the end wall
            for k in range(floors):
                wy = 0.4 + k * 3.0
                for xo in (0.2, 0.5, 0.8):
                    wx = xa + (xb - xa) * xo
                    (a0, b0), (a1, b1) = P(wx - 0.7, wy + 2.3, z0), P(wx + 0.7, wy + 0.9, z0)
                    mm = c.mask(lambda d: d.rectangle([a0, b0, a1, b1]), blur=0.8)
                    c.paint(mm, _mix((70, 82, 92), (206, 218, 228), hzc), 0.85)
            # the long facade, windows and balcony slabs in perspective
            quad = [P(Xf, H, z0), P(Xf, H, z1), P(Xf, 0, z1), P(Xf, 0, z0)]
            m = c.mask(lambda d: d.polygon(quad), blur=1.0)
            wallf = np.asarray(wall, np.float32) / 255
            wcol = np.asarray((64, 78, 92) if lit else (58, 66, 76), np.float32) / 255
            field = wallf * (1 - 0.25 * bay[..., None])
            field = field * (1 + 0.12 * slab[..., None]) if lit else field * (1 - 0.1 * slab[..., None])
            wfield = wcol * (0.75 + 0.6 * glass)
            field = field * (1 - win[..., None]) + wfield * win[..., None]
            field *= (0.94 + 0.06 * np.clip(Yw / H, 0, 1))[..., None]
            field = field * (1 - haze) + haze_col * haze
            c.paint_field(m, field)
            # eave: red roof edge along the top
            m = c.mask(lambda d: d.polygon([P(Xf, H + 0.9, z0), P(Xf, H + 0.9, z1), P(Xf, H, z1), P(Xf, H, z0)]), blur=1.0)
            c.paint(m, _mix(roof, (206, 218, 228), hzc))
    housing(30.0, [(40, 70, 9, (204, 196, 184), (150, 84, 64)), (78, 112, 11, (214, 206, 194), (140, 80, 62)),
                   (120, 160, 7, (196, 190, 182), (150, 88, 70)), (168, 220, 12, (208, 202, 194), (146, 84, 66))],
            12, lit=False)
    housing(FAC, [(20, 46, 7, (232, 222, 200), (168, 82, 60)), (52, 80, 11, (226, 218, 204), (158, 78, 58)),
                  (86, 112, 6, (236, 226, 206), (172, 86, 62)), (120, 156, 13, (222, 216, 206), (150, 80, 62)),
                  (164, 200, 8, (230, 220, 204), (166, 84, 62))], 12, lit=True)

    # --- far bank: trees, hedge, embankment wall
    fz_list = []
    z = 17.0
    while z < 280:
        fz_list.append(z); z += rng.uniform(5.5, 8.5) * (1 + z / 200)
    for Z in reversed(fz_list):
        X = -17.5 + rng.uniform(-0.6, 0.6); s = f / Z
        cyw = rng.uniform(5.2, 6.6); rxw = rng.uniform(2.6, 3.4); ryw = rng.uniform(2.3, 2.9)
        hz = float(np.clip(1 - np.exp(-Z / 240.0), 0, 0.7))
        (tx, ty0), (_, ty1) = P(X, cyw - ryw * 0.4, Z), P(X, 0.3, Z)
        m = c.mask(lambda d: d.rectangle([tx - 0.16 * s, ty0, tx + 0.16 * s, ty1]), blur=1)
        c.paint(m, _mix((70, 60, 50), (200, 212, 222), hz))
        cx, cy = P(X, cyw, Z)
        _canopy(c, cx, cy, rxw * s, ryw * s, _mix((46, 80, 44), (170, 186, 190), hz),
                _mix((124, 160, 78), (190, 204, 200), hz), n=max(10, int(40 - Z / 8)), blur=1 + 60 / Z,
                sun=(0.6, -0.5))
    hedge = [P(BANK - 0.4, 1.4, 17), P(BANK - 0.4, 1.4, 400), P(BANK - 0.4, 0.3, 400), P(BANK - 0.4, 0.3, 17)]
    m = c.mask(lambda d: d.polygon(hedge), blur=1.5)
    c.paint_field(m, c.vgrad((96, 130, 64), (52, 82, 40), int(hedge[3][1] - 80), int(hedge[3][1])))
    c.texture(m, 0.1, 1, 0.7)
    c.texture(m, 0.08, 4, 2)
    rail = [P(BANK - 0.1, 1.15, 17), P(BANK - 0.1, 1.15, 400), P(BANK - 0.1, 1.07, 400), P(BANK - 0.1, 1.07, 17)]
    c.paint(c.mask(lambda d: d.polygon(rail), blur=1.0), (70, 72, 72), 0.8)
    for Z in np.arange(18, 200, 2.5).tolist():
        (px, py0), (_, py1) = P(BANK - 0.1, 1.15, Z), P(BANK - 0.1, 0.3, Z)
        mm = c.mask(lambda d: d.line([(px, py0), (px, py1)], fill=255, width=max(1, int(f * 0.05 / Z))), blur=0.7)
        c.paint(mm, (70, 72, 72), 0.6)
    # embankment wall (X=BANK, facing the camera side): granite blocks, a wet band at the water
    Yw, Zw, ok = cam.vplane(BANK)
    wallq = [P(BANK, 0.3, 15), P(BANK, 0.3, 400), P(BANK, -1.0, 400), P(BANK, -1.0, 15)]
    m = c.mask(lambda d: d.polygon(wallq), blur=1.0)
    fz, fy = _fp(Zw), _fp(Yw)
    course = np.floor((Yw + 1.0) / 0.33)
    joints = (1 - _pbox((Yw + 1.0) / 0.33, 0.0, 0.08, fy / 0.33)) * \
             (1 - _pbox((Zw + course * 0.45) / 0.9, 0.0, 0.04, fz / 0.9))
    stone = np.asarray((184, 180, 170), np.float32) / 255 * (0.8 + 0.2 * joints[..., None])
    wet = np.clip((-0.55 - Yw) / 0.3, 0, 1)[..., None]
    stone = stone * (1 - wet) + np.asarray((92, 100, 84), np.float32) / 255 * wet
    c.paint_field(m, stone)
    c.texture(m, 0.05, 1, 0.5)

    # --- water with the far bank reflected in it (mirror about the bank's waterline)
    Xw, Zw, ok = cam.hplane(-1.0)
    water_m = ok & (Xw > BANK) & (Xw < -1.2)
    t = np.clip((ys - cam.vy) / (h - cam.vy), 0, 1)
    wline = cam.vy + (2.7 / -BANK) * (cam.vx - xs)               # screen y of the waterline, per column
    lo = c.noise(1, 0, 1.0)[..., 0]                              # ripples: stretched along the creek
    small = Image.fromarray(((np.clip(lo, -1, 1) + 1) * 127.5).astype(np.uint8))
    rip = np.asarray(small.resize((W // 80, h // 4), Image.Resampling.BILINEAR).resize((W, h), Image.Resampling.BICUBIC),
                     np.float32) / 127.5 - 1
    amp = 4 + 26 * t ** 1.3
    src = 2 * wline - ys + rip * amp
    src = np.clip(src, 0, h - 2)
    i0 = np.floor(src).astype(np.int32); fr = (src - i0)[..., None]
    xi = np.clip(xs + rip * amp * 0.4, 0, W - 1).astype(np.int32)
    srcimg = np.asarray(c.image().filter(ImageFilter.BoxBlur(2)).filter(ImageFilter.GaussianBlur(2)),
                        np.float32) / 255.0
    refl = srcimg[i0, xi] * (1 - fr) + srcimg[i0 + 1, xi] * fr
    base = c.vgrad((78, 98, 86), (32, 50, 42), int(cam.vy), h, 0.8)
    R = (0.54 - 0.28 * t ** 0.8)[..., None]
    water = base * (1 - R) + refl * np.asarray((0.68, 0.78, 0.76), np.float32) * R
    water *= (1 + 0.05 * rip)[..., None]
    m = (water_m.astype(np.float32))[..., None]
    m = np.asarray(Image.fromarray((m[..., 0] * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.0)),
                   np.float32)[..., None] / 255
    c.paint_field(m, water)
    wl = c.mask(lambda d: d.line([P(BANK, -1.0, 15), P(BANK, -1.0, 400)], fill=255, width=3), blur=2)
    c.paint(wl, (36, 44, 38), 0.6)                              # wet, shadowed foot of the far wall
    gl_m = [Image.new("L", (W, h), 0), Image.new("L", (W, h), 0)]   # glints, dark ripple lines
    gd = [ImageDraw.Draw(g) for g in gl_m]
    for _ in range(500):
        gy = cam.vy + (h - cam.vy) * rng.uniform(0.02, 1) ** 1.6
        gx = rng.uniform(0, cam.vx)
        gl = rng.uniform(6, 30) * (1 + 4 * (gy - cam.vy) / (h - cam.vy))
        gd[int(rng.uniform() < 0.5)].line([(gx, gy), (gx + gl, gy)], fill=255, width=2)
    for g, col, al in zip(gl_m, ((214, 226, 226), (24, 40, 36)), (0.18, 0.2), strict=False):
        mm = np.asarray(g.filter(ImageFilter.GaussianBlur(1.2)), np.float32)[..., None] / 255
        c.paint(mm * m, col, al)

    # --- right side: lawn beyond the hedge, street trees (far to near), then the hedge
    Xg, Zg, ok = cam.hplane(0.0)
    lawn = (ok & (Xg > 3.5) & (Xg < 60)).astype(np.float32)[..., None]
    hzl = np.clip(1 - np.exp(-Zg / 240.0), 0, 0.7)[..., None]
    lf = np.asarray((82, 114, 54), np.float32) / 255 * (1 - hzl) + np.asarray((190, 204, 200), np.float32) / 255 * hzl
    lf *= (1 - 0.3 * np.clip(1 - np.abs(Xg - 6) / 4, 0, 1))[..., None]      # shade of the tree row
    c.paint_field(lawn, lf * (1 + c.noise(2, 1, 0.09)))
    far_hedge = [P(18, 1.6, 15), P(18, 1.6, 400), P(18, 0, 400), P(18, 0, 15)]
    m = c.mask(lambda d: d.polygon(far_hedge), blur=1.5)
    c.paint(m, (88, 116, 70))
    c.texture(m, 0.1, 1, 0.6)
    for Z in sorted([rng.uniform(30, 220) for _ in range(26)], reverse=True):     # shrubs on the lawn
        X = rng.uniform(6, 18); s = f / Z; sx0, sy0 = P(X, 0.6, Z)
        hz = float(np.clip(1 - np.exp(-Z / 240.0), 0, 0.7))
        _canopy(c, sx0, sy0, 1.1 * s, 0.7 * s, _mix((50, 86, 44), (180, 194, 196), hz),
                _mix((120, 156, 76), (190, 204, 200), hz), n=10, blur=1, sun=(0.55, -0.6))
    rz, z = [], 5.5
    while z < 260:
        rz.append(z); z += rng.uniform(6.0, 7.5) * (1 + z / 220)
    for Z in reversed(rz):
        X = 5.3 + rng.uniform(-0.3, 0.3); s = f / Z
        hz = float(np.clip(1 - np.exp(-Z / 240.0), 0, 0.7))
        cyw = rng.uniform(6.4, 7.4); rxw = rng.uniform(3.0, 3.8); ryw = rng.uniform(2.8, 3.4)
        (tx, ty0), (_, ty1) = P(X, cyw - 0.6 * ryw, Z), P(X, 0.0, Z)
        m = c.mask(lambda d: d.polygon([(tx - 0.2 * s, ty1), (tx - 0.13 * s, ty0), (tx + 0.13 * s, ty0),
                                        (tx + 0.2 * s, ty1)]), blur=1 + 8 / Z)
        c.paint(m, _mix((88, 78, 66), (200, 212, 222), hz))
        mm = c.mask(lambda d: d.rectangle([tx + 0.04 * s, ty0, tx + 0.2 * s, ty1]), blur=1 + 20 / Z)
        c.paint(mm * m, _mix((150, 136, 116), (200, 212, 222), hz), 0.6)      # sunlit side of the trunk
        # two limbs into the crown
        for side in (-1, 1):
            (bx, by) = P(X + side * 1.2, cyw - 0.1 * ryw, Z)
            mm = c.mask(lambda d: d.line([(tx, ty0 + 0.4 * s), (bx, by)], fill=255, width=max(2, int(0.12 * s))),
                        blur=1 + 8 / Z)
            c.paint(mm, _mix((76, 68, 58), (200, 212, 222), hz))
        cx, cy = P(X, cyw, Z)
        _canopy(c, cx, cy, rxw * s, ryw * s, _mix((40, 74, 40), (170, 186, 190), hz),
                _mix((132, 170, 84), (190, 204, 200), hz), n=max(12, int(70 - Z / 4)), blur=1 + 40 / Z,
                sun=(0.55, -0.6))
    face = [P(3.0, 0.85, 2.5), P(3.0, 0.85, 400), P(3.0, 0.0, 400), P(3.0, 0.0, 2.5)]
    top = [P(3.0, 0.85, 2.5), P(3.0, 0.85, 400), P(4.0, 0.85, 400), P(4.0, 0.85, 2.5)]
    m = c.mask(lambda d: d.polygon(top), blur=2)
    c.paint_field(m, c.vgrad((130, 160, 84), (108, 146, 70), int(cam.vy), h))
    c.texture(m, 0.12, 1, 0.8)
    c.texture(m, 0.1, 6, 3)
    m = c.mask(lambda d: d.polygon(face), blur=2)
    c.paint_field(m, c.vgrad((66, 96, 52), (34, 58, 30), int(cam.vy), h))
    c.texture(m, 0.12, 1, 0.8)
    c.texture(m, 0.08, 5, 3)
    for i in range(160):                                      # azalea flowers along the hedge top
        Z = 3 + 60 * rng.uniform(0, 1) ** 2; X = rng.uniform(3.0, 3.9); Y = 0.85 + rng.uniform(-0.05, 0.05)
        fx, fy_ = P(X, Y, Z); r = f * rng.uniform(0.03, 0.06) / Z
        mm = c.mask(lambda d: d.ellipse([fx - r, fy_ - r * 0.7, fx + r, fy_ + r * 0.7]), blur=0.8 + 3 / Z)
        c.paint(mm, (214, 96, 130) if i % 3 else (236, 226, 228), 0.8)

    # --- the walkway: granite kerb, granite paving, a red jogging track with white lines
    Xg, Zg, ok = cam.hplane(0.0)
    fx_, fz_ = _fp(Xg), _fp(Zg)
    gm = (ok & (Xg > -1.62) & (Xg < 3.2)).astype(np.float32)[..., None]
    col = np.floor((Xg + 1.25) / 0.3)
    zoff = (np.mod(col, 2) * 0.3)
    tone_t = rng.uniform(-1, 1, (64, 1024)).astype(np.float32)
    row = np.floor((Zg + zoff) / 0.6)
    tone = tone_t[np.mod(col, 64).astype(np.int64), np.mod(row, 1024).astype(np.int64)]
    tone *= np.clip(1 - fz_ / 0.5, 0, 1)
    joint = (1 - _pbox((Xg + 1.25) / 0.3, 0.0, 0.04, fx_ / 0.3)) * (1 - _pbox((Zg + zoff) / 0.6, 0.0, 0.02, fz_ / 0.6))
    gran = np.asarray((192, 188, 180), np.float32) / 255 * (1 + 0.045 * tone[..., None]) * (0.82 + 0.18 * joint[..., None])
    kerb = np.asarray((146, 146, 142), np.float32) / 255 * (0.85 + 0.15 * (1 - _pbox(Zg / 1.0, 0, 0.02, fz_))[..., None])
    track = np.asarray((166, 88, 70), np.float32) / 255 * np.ones_like(gran)
    white = np.asarray((226, 224, 216), np.float32) / 255 * np.ones_like(gran)
    soil = np.asarray((60, 52, 40), np.float32) / 255 * np.ones_like(gran)
    fld = kerb.copy() * np.ones_like(gran)
    for a, b, g in [(-1.25, 1.02, gran), (1.02, 1.1, white), (1.1, 2.55, track), (2.55, 2.63, white),
                    (2.63, 3.0, kerb * np.ones_like(gran)), (3.0, 9.0, soil)]:
        k = _band(Xg, a, b, fx_)[..., None]
        fld = fld * (1 - k) + g * k
    fld *= (1 + c.noise(1, 0, 0.05))                           # fine aggregate texture
    fld *= (0.86 + 0.16 * np.clip((h - ys) / (h - cam.vy), 0, 1))[..., None]
    # dappled shade from the street trees, sampled in world space so it lies flat on the ground
    nzs, nxs = 2400, 160                                       # 0.04 m cells: Z 0..96 m, X -2..4.4 m
    nz = rng.normal(0, 1, (nzs // 7, nxs // 7)).astype(np.float32)
    nzi = Image.fromarray(((np.clip(nz, -2.5, 2.5) + 2.5) / 5 * 255).astype(np.uint8))
    nzi = nzi.resize((nxs, nzs), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    dap = np.asarray(nzi, np.float32) / 255
    dap = np.clip((dap - 0.47) / 0.08, 0, 1)                    # blobs of light in the shade
    iz = np.clip(Zg / 0.04, 0, nzs - 1).astype(np.int64); ix = np.clip((Xg + 2) / 0.04, 0, nxs - 1).astype(np.int64)
    lightp = dap[iz, ix]
    far = np.clip((fz_ - 0.04) / 0.2, 0, 1)
    lightp = lightp * (1 - far) + 0.45 * far
    shade_amt = np.clip((Xg - 0.2) / 2.2, 0, 1) * np.clip(1 - (Zg - 60) / 80, 0.3, 1)
    shade = (shade_amt * (1 - lightp))[..., None]
    fld = fld * (1 - 0.34 * shade) + fld * np.asarray((0.0, 0.02, 0.06), np.float32) * shade
    c.paint_field(gm, fld)

    # --- railing along the water: posts, handrail, balusters (far to near is fine: all one colour)
    RX = -1.45
    def wedge(X, Ya, Yb, Z0=2.4, Z1=400):
        return [P(X, Ya, Z0), P(X, Ya, Z1), P(X, Yb, Z1), P(X, Yb, Z0)]
    bal = Image.new("L", (W, h), 0); d = ImageDraw.Draw(bal)
    for Z in np.arange(2.5, 150, 0.13).tolist():
        (bx, by0), (_, by1) = P(RX, 1.02, Z), P(RX, 0.12, Z)
        d.line([(bx, by0), (bx, by1)], fill=255, width=max(1, round(f * 0.018 / Z)))
    bm = np.asarray(bal.filter(ImageFilter.GaussianBlur(0.8)), np.float32)[..., None] / 255
    c.paint(bm, (58, 60, 62), 0.9)
    m = c.mask(lambda d: d.polygon(wedge(RX, 0.16, 0.1)), blur=1.0)
    c.paint(m, (56, 58, 60))
    posts = Image.new("L", (W, h), 0); d = ImageDraw.Draw(posts)
    for Z in np.arange(2.6, 200, 2.0).tolist():
        (a0, b0), (a1, b1) = P(RX - 0.04, 1.08, Z), P(RX + 0.04, 0.0, Z)
        d.rectangle([a0, b0, max(a1, a0 + 1), b1], fill=255)
    pm = np.asarray(posts.filter(ImageFilter.GaussianBlur(1.0)), np.float32)[..., None] / 255
    c.paint(pm, (84, 86, 88))
    m = c.mask(lambda d: d.polygon(wedge(RX, 1.12, 1.02)), blur=1.0)
    c.paint(m, (96, 76, 60))                                    # timber handrail
    m2 = c.mask(lambda d: d.polygon(wedge(RX, 1.12, 1.095)), blur=1.0)
    c.paint(m2, (168, 140, 110), 0.7)                            # its sunlit top

    # --- lamp posts on the railing line
    for Z in reversed(np.arange(7.0, 200, 12.0).tolist()):
        s = f / Z; X = -1.2
        px, pb = P(X, 0, Z); _, pt = P(X, 3.7, Z)
        m = c.mask(lambda d: (d.rectangle([px - 0.13 * s, pb - 0.5 * s, px + 0.13 * s, pb]),
                              d.rectangle([px - 0.06 * s, pt, px + 0.06 * s, pb], fill=255),
                              d.polygon([(px - 0.17 * s, pt - 0.62 * s), (px + 0.17 * s, pt - 0.62 * s),
                                         (px + 0.1 * s, pt), (px - 0.1 * s, pt)], fill=255),
                              d.polygon([(px - 0.26 * s, pt - 0.62 * s), (px, pt - 0.85 * s),
                                         (px + 0.26 * s, pt - 0.62 * s)], fill=255),
                              d.ellipse([px - 0.04 * s, pt - 0.95 * s, px + 0.04 * s, pt - 0.83 * s], fill=255)),
                   blur=0.8 + 4 / Z)
        c.paint(m, (48, 50, 54))
        g = c.mask(lambda d: d.polygon([(px - 0.12 * s, pt - 0.58 * s), (px + 0.12 * s, pt - 0.58 * s),
                                        (px + 0.07 * s, pt - 0.06 * s), (px - 0.07 * s, pt - 0.06 * s)]), blur=0.8 + 3 / Z)
        c.paint(g, (232, 228, 212), 0.9)                        # frosted lantern glass
        hl = c.mask(lambda d: d.rectangle([px + 0.015 * s, pt, px + 0.055 * s, pb - 0.5 * s]), blur=1 + 4 / Z)
        c.paint(hl * m, (140, 144, 150), 0.6)

    # --- a bench against the hedge and a few people strolling
    for Z0 in (10.0, 31.0):
        s = f / Z0
        seat = [P(2.45, 0.45, Z0), P(2.45, 0.45, Z0 + 1.8), P(2.95, 0.45, Z0 + 1.8), P(2.95, 0.45, Z0)]
        back = [P(2.95, 0.9, Z0), P(2.95, 0.9, Z0 + 1.8), P(2.95, 0.5, Z0 + 1.8), P(2.95, 0.5, Z0)]
        legs = [[P(xl, 0.45, zl), P(xl, 0.0, zl)] for xl in (2.5, 2.9) for zl in (Z0 + 0.1, Z0 + 1.7)]
        m = c.mask(lambda d: [d.line(l, fill=255, width=max(2, int(0.05 * s))) for l in legs], blur=1)
        c.paint(m, (50, 50, 52))
        m = c.mask(lambda d: d.polygon(back), blur=1)
        c.paint(m, (120, 84, 56))
        m = c.mask(lambda d: d.polygon(seat), blur=1)
        c.paint(m, (168, 124, 84))
        c.texture(m, 0.06, 1, 0.5)
    people = [(0.3, 17.0, (232, 232, 228), (60, 62, 70)), (1.8, 24.0, (198, 64, 60), (40, 42, 50)),
              (-0.7, 34.0, (84, 112, 160), (200, 190, 170)), (-0.2, 35.0, (226, 200, 120), (60, 60, 66)),
              (2.0, 58.0, (236, 236, 236), (50, 52, 60)), (0.6, 80.0, (110, 130, 100), (40, 40, 44))]
    for X, Z, top_c, leg_c in sorted(people, key=lambda p: -p[1]):
        s = f / Z
        fx0, fb = P(X, 0, Z)
        stride = rng.uniform(0.12, 0.2) * s
        m = c.mask(lambda d: d.ellipse([fx0 - 0.45 * s, fb - 0.08 * s, fx0 + 0.2 * s, fb + 0.08 * s]), blur=2 + 10 / Z)
        c.a *= 1 - 0.3 * m                                       # soft shadow on the paving
        legs_m = c.mask(lambda d: (d.polygon([(fx0 - 0.1 * s, fb - 0.85 * s), (fx0 + 0.1 * s, fb - 0.85 * s),
                                              (fx0 + stride + 0.05 * s, fb), (fx0 + stride - 0.04 * s, fb)]),
                                   d.polygon([(fx0 - 0.1 * s, fb - 0.85 * s), (fx0 + 0.05 * s, fb - 0.85 * s),
                                              (fx0 - stride + 0.04 * s, fb), (fx0 - stride - 0.05 * s, fb)], fill=255)),
                        blur=0.8 + 5 / Z)
        c.paint(legs_m, leg_c)
        body = c.mask(lambda d: (d.rounded_rectangle([fx0 - 0.2 * s, fb - 1.42 * s, fx0 + 0.2 * s, fb - 0.8 * s],
                                                     radius=0.08 * s, fill=255),
                                 d.line([(fx0 - 0.19 * s, fb - 1.35 * s), (fx0 - 0.25 * s, fb - 0.9 * s)], fill=255,
                                        width=max(2, int(0.08 * s))),
                                 d.line([(fx0 + 0.19 * s, fb - 1.35 * s), (fx0 + 0.24 * s, fb - 0.92 * s)], fill=255,
                                        width=max(2, int(0.08 * s)))), blur=0.8 + 5 / Z)
        c.paint(body, top_c)
        lit = c.mask(lambda d: d.rectangle([fx0 + 0.05 * s, fb - 1.42 * s, fx0 + 0.3 * s, fb - 0.8 * s]), blur=2 + 5 / Z)
        c.paint(lit * body, (255, 250, 240), 0.18)
        hm = c.mask(lambda d: (d.ellipse([fx0 - 0.1 * s, fb - 1.68 * s, fx0 + 0.1 * s, fb - 1.42 * s]),
                               d.rectangle([fx0 - 0.04 * s, fb - 1.46 * s, fx0 + 0.04 * s, fb - 1.38 * s], fill=255)),
                    blur=0.8 + 5 / Z)
        c.paint(hm, (196, 156, 126))
        hair = c.mask(lambda d: d.ellipse([fx0 - 0.11 * s, fb - 1.7 * s, fx0 + 0.1 * s, fb - 1.52 * s]), blur=0.8 + 5 / Z)
        c.paint(hair, (34, 28, 26))

    # --- the near crowns: a big street tree overhanging the top right corner
    _canopy(c, 2280, -160, 560, 380, (40, 72, 40), (128, 168, 84), n=220, blur=3, sun=(0.5, -0.6))
    # finishing: warm daylight, gentle vignette, lens softness and grain
    m = c.mask(lambda d: d.ellipse([1400, -600, 3200, 700]), blur=300)
    c.paint(m, (255, 246, 224), 0.12)
    c.vignette(0.28)
    c.soften(1.2)
    c.grain(0.014)
    save_jpeg(c, "binshui-kongjian.jpg")


def yantaohui():
    """A seminar round a long clothed table: red banner, projector screen, ceiling lights, seated people."""
    h = W * 2 // 3
    c = _FastCanvas(W, h, seed=20250607)
    cam = _Cam(1450.0, 1230.0, 560.0, 1.9, W, h)
    P, rng, f = cam.p, c.rng, cam.f
    ys, xs = cam.ys, cam.xs
    # the room, in metres: floor Y=0, ceiling Y=3.5, side walls X=-4.4 (windows) and
    # X=4.4 (timber panels), front wall Z=9 with the banner and the screen. The long
    # table runs from Z=2.2 to 7.4 (X=-1.35..1.05, top at 0.76); seats on both sides,
    # a row of chairs for observers along each wall, two people in the foreground.
    XL, XR, CEIL, FW = -4.4, 4.4, 3.5, 9.0
    TX0, TX1, TZ0, TZ1, TY = -1.35, 1.05, 2.2, 7.4, 0.76

    # --- front wall: cream plaster with a timber dado
    Yf = cam.eye - (ys - cam.vy) * FW / f
    Xf = (xs - cam.vx) * FW / f
    c.a = c.vgrad((222, 214, 198), (200, 190, 172), int(P(0, CEIL, FW)[1]), int(P(0, 0, FW)[1]))
    dado = (Yf < 0.9).astype(np.float32)[..., None]
    grooves = _pbox(Xf / 0.6, 0, 0.04, _fp(Xf) / 0.6)[..., None]
    c.paint_field(dado, np.asarray((148, 104, 68), np.float32) / 255 * (1 - 0.25 * grooves) * np.ones_like(c.a))
    # --- the red banner: cloth with soft sag folds and a row of pale blocks (no text)
    (bx0, by0), (bx1, by1) = P(-3.5, 3.3, FW), P(3.3, 2.68, FW)
    m = c.mask(lambda d: d.rectangle([bx0, by0, bx1, by1]), blur=1.2)
    fold = (0.9 + 0.1 * np.sin(xs / 37.0 + np.sin(xs / 91.0) * 2))[..., None]
    c.paint_field(m, c.vgrad((196, 30, 32), (150, 18, 24), int(by0), int(by1)) * fold)
    n_blocks = 14
    bw_ = (bx1 - bx0) * 0.8 / n_blocks
    for i in range(n_blocks):
        x0 = bx0 + (bx1 - bx0) * 0.1 + i * bw_
        mm = c.mask(lambda d: d.rectangle([x0 + bw_ * 0.18, by0 + (by1 - by0) * 0.24,
                                           x0 + bw_ * 0.82, by1 - (by1 - by0) * 0.24]), blur=2.2)
        c.paint(mm, (240, 200, 130), 0.4)
    sh = c.mask(lambda d: d.rectangle([bx0, by1, bx1, by1 + 6]), blur=4)
    c.paint(sh, (90, 70, 56), 0.35)                              # its shadow on the wall
    # --- projector screen on the right of the front wall, showing a plain slide
    (sx0, sy0), (sx1, sy1) = P(0.4, 2.55, FW), P(3.3, 0.98, FW)
    m = c.mask(lambda d: d.rectangle([sx0 - 6, sy0 - 6, sx1 + 6, sy1 + 6]), blur=1)
    c.paint(m, (40, 40, 44))
    m = c.mask(lambda d: d.rectangle([sx0, sy0, sx1, sy1]), blur=1)
    c.paint_field(m, c.vgrad((30, 84, 156), (120, 170, 214), int(sy0), int(sy1)))
    sw, sh_ = sx1 - sx0, sy1 - sy0
    for (a, b, cc, al) in [((0.06, 0.1), (0.94, 0.26), (246, 248, 250), 0.9),
                           ((0.06, 0.34), (0.56, 0.84), (240, 244, 248), 0.85),
                           ((0.62, 0.34), (0.94, 0.84), (214, 60, 52), 0.8)]:
        mm = c.mask(lambda d: d.rectangle([sx0 + a[0] * sw, sy0 + a[1] * sh_, sx0 + b[0] * sw, sy0 + b[1] * sh_]), blur=1.5)
        c.paint(mm, cc, al)
    for j in range(4):
        mm = c.mask(lambda d: d.rectangle([sx0 + 0.1 * sw, sy0 + (0.42 + j * 0.1) * sh_,
                                           sx0 + (0.5 - 0.06 * (j % 2)) * sw, sy0 + (0.46 + j * 0.1) * sh_]), blur=1.2)
        c.paint(mm, (150, 162, 180), 0.7)
    glow = c.mask(lambda d: d.rectangle([sx0, sy0, sx1, sy1]), blur=40)
    c.paint(glow, (200, 220, 240), 0.12)
    # a tall potted plant in the left corner of the front wall
    px, py = P(-3.9, 0, FW - 0.4)
    s = f / (FW - 0.4)
    m = c.mask(lambda d: d.polygon([(px - 0.22 * s, py - 0.45 * s), (px + 0.22 * s, py - 0.45 * s),
                                    (px + 0.17 * s, py), (px - 0.17 * s, py)]), blur=1.2)
    c.paint(m, (196, 190, 178))
    _canopy(c, px, py - 1.25 * s, 0.45 * s, 0.8 * s, (40, 80, 44), (110, 150, 80), n=40, blur=1.2, sun=(0.7, -0.4))

    # --- ceiling with square panel lights
    Xc, Zc, ok = cam.hplane(CEIL)
    cm = (ok & (Zc < FW)).astype(np.float32)[..., None]
    fx_, fz_ = _fp(Xc), _fp(Zc)
    tiles = (1 - _pbox(Xc / 0.6, 0, 0.03, fx_ / 0.6)) * (1 - _pbox(Zc / 0.6, 0, 0.03, fz_ / 0.6))
    lights = _pbox((Xc + 2.7) / 2.4, 0, 0.6 / 2.4, fx_ / 2.4) * _pbox((Zc - 1.2) / 1.8, 0, 0.6 / 1.8, fz_ / 1.8)
    lights *= ((Xc > -3.0) & (Xc < 2.7) & (Zc > 1.0) & (Zc < 8.6))
    ceil = np.asarray((214, 210, 202), np.float32) / 255 * (0.9 + 0.1 * tiles[..., None])
    ceil = ceil * (0.8 + 0.2 * np.clip((cam.vy - ys) / 600, 0, 1))[..., None]
    c.paint_field(cm, ceil)
    lim = Image.fromarray((np.clip(lights, 0, 1) * 255).astype(np.uint8))
    lglow = np.asarray(lim.filter(ImageFilter.GaussianBlur(28)), np.float32)[..., None] / 255
    c.paint(np.clip(lglow * 1.6, 0, 1) * cm, (255, 250, 236), 0.35)
    c.paint(lights[..., None] * cm, (255, 253, 246))

    # --- left wall: windows with sheer curtains and beige drapes (daylight)
    Yw, Zw, ok = cam.vplane(XL)
    lm = (ok & (Zw < FW) & (Yw < CEIL) & (Yw > 0)).astype(np.float32)[..., None]
    fz_ = _fp(Zw)
    wallc = np.asarray((206, 198, 184), np.float32) / 255 * np.ones_like(c.a)
    c.paint_field(lm, wallc)
    for z0 in (1.3, 3.7, 6.1):
        z1 = z0 + 1.9
        win = (_band(Zw, z0 + 0.35, z1 - 0.35, fz_) * (Yw > 0.8) * (Yw < 3.05))[..., None]
        sheer = np.asarray((238, 240, 236), np.float32) / 255 * (0.95 + 0.05 * np.sin(Zw * 60))[..., None]
        c.paint_field(win * lm, sheer)
        for za, zb in ((z0, z0 + 0.4), (z1 - 0.4, z1)):
            drape = (_band(Zw, za, zb, fz_) * (Yw > 0.3) * (Yw < 3.2))[..., None]
            pleat = (0.82 + 0.18 * np.sin((Zw - za) * 2 * np.pi / 0.12))[..., None]
            c.paint_field(drape * lm, np.asarray((190, 162, 120), np.float32) / 255 * pleat)
    # --- right wall: timber panels and a door
    Yw, Zw, ok = cam.vplane(XR)
    rm = (ok & (Zw < FW) & (Yw < CEIL) & (Yw > 0)).astype(np.float32)[..., None]
    fz_ = _fp(Zw)
    panel = 1 - 0.3 * _pbox(Zw / 0.9, 0, 0.03, fz_ / 0.9)
    wood = np.asarray((150, 108, 70), np.float32) / 255 * panel[..., None] * (1 + c.noise(2, 1, 0.05))
    door = (_band(Zw, 6.4, 7.4, fz_) * (Yw < 2.2))[..., None]
    wood = wood * (1 - door) + np.asarray((104, 70, 46), np.float32) / 255 * door
    c.paint_field(rm, wood * 0.82)
    # --- floor: blue-grey carpet with a faint pattern, lighter by the windows
    Xg, Zg, ok = cam.hplane(0.0)
    gm = (ok & (Zg < FW) & (Xg > XL) & (Xg < XR)).astype(np.float32)[..., None]
    pat = _pbox((Xg + Zg) / 0.5, 0, 0.5, (_fp(Xg) + _fp(Zg)) / 0.5) * _pbox((Xg - Zg) / 0.5, 0, 0.5, (_fp(Xg) + _fp(Zg)) / 0.5)
    carpet = np.asarray((84, 92, 112), np.float32) / 255 * (0.94 + 0.06 * pat[..., None]) * (1 + c.noise(1, 0, 0.06))
    carpet *= (1 + 0.22 * np.clip(1 - (Xg - XL) / 4, 0, 1))[..., None]
    c.paint_field(gm, carpet)
    # skirting lines where walls meet the floor and the corners
    for X in (XL, XR):
        m = c.mask(lambda d: d.line([P(X, 0.04, 0.8), P(X, 0.04, FW)], fill=255, width=4), blur=1.5)
        c.paint(m, (70, 56, 44), 0.7)
        m = c.mask(lambda d: d.line([P(X, 0, FW), P(X, CEIL, FW)], fill=255, width=3), blur=2)
        c.paint(m, (120, 110, 96), 0.5)

    # --- people and chairs, far to near; the table top goes over their legs afterwards
    suits = [(40, 46, 62), (52, 52, 58), (226, 228, 230), (150, 178, 210), (196, 178, 150),
             (34, 38, 46), (232, 232, 228), (120, 44, 48), (64, 80, 70)]
    hairs = [(26, 22, 20), (34, 28, 26), (46, 38, 32), (110, 108, 104), (22, 20, 20)]
    skin = (204, 164, 136)
    arms_later = []

    def person(X, Z, facing, chair=(36, 36, 40), empty=False):
        s = f / Z
        def q(u, v):                                             # local (forward u, up v) -> screen
            return P(X + facing * u, v, Z) if facing in (-1, 1) else P(X + u, v, Z)
        blur = 1.0 + 0.5 * (4 / Z)
        shirt = suits[int(rng.integers(0, len(suits)))]
        hair = hairs[int(rng.integers(0, len(hairs)))]
        if facing in (-1, 1):
            # side view: high-back chair behind, torso, head turned to the table, arm to the table
            cb = c.mask(lambda d: (d.polygon([q(-0.36, 1.22), q(-0.24, 1.22), q(-0.2, 0.5), q(-0.32, 0.5)]),
                                   d.polygon([q(-0.3, 0.52), q(0.28, 0.52), q(0.28, 0.44), q(-0.3, 0.44)], fill=255),
                                   d.line([q(0.0, 0.44), q(0.0, 0.08)], fill=255, width=max(2, int(0.05 * s))),
                                   d.line([q(-0.25, 0.04), q(0.25, 0.04)], fill=255, width=max(2, int(0.04 * s)))),
                        blur=blur)
            c.paint(cb, chair)
            if empty:
                return
            body = c.mask(lambda d: (d.polygon([q(-0.2, 0.5), q(0.18, 0.5), q(0.2 + 0.06, 0.98), q(0.12 + 0.06, 1.1),
                                                q(-0.12 + 0.04, 1.14), q(-0.2, 0.96)]),
                                     d.polygon([q(-0.18, 0.6), q(0.42, 0.58), q(0.44, 0.46), q(-0.18, 0.46)], fill=255),
                                     d.polygon([q(0.34, 0.56), q(0.46, 0.56), q(0.44, 0.04), q(0.34, 0.04)], fill=255)),
                        blur=blur)
            c.paint(body, shirt)
            lit = c.mask(lambda d: d.polygon([q(-0.2, 0.5), q(-0.05, 0.5), q(-0.0, 1.14), q(-0.2, 1.0)]), blur=blur * 6)
            c.paint(body * lit, (255, 250, 236) if facing == 1 else (40, 40, 48), 0.16)
            hx, hy = q(0.1, 1.3)
            hr = 0.105 * s
            head = c.mask(lambda d: (d.ellipse([hx - hr, hy - hr * 1.18, hx + hr, hy + hr * 1.1]),
                                     d.polygon([q(0.03, 1.22), q(0.12, 1.22), q(0.11, 1.1), q(0.03, 1.1)], fill=255)),
                          blur=blur)
            c.paint(head, skin)
            nose = c.mask(lambda d: d.polygon([(hx + facing * hr * 0.9, hy - hr * 0.2), (hx + facing * hr * 1.16, hy + hr * 0.2),
                                               (hx + facing * hr * 0.85, hy + hr * 0.3)]), blur=blur)
            c.paint(nose, skin)
            hm = c.mask(lambda d: d.ellipse([hx - hr * 1.05 - facing * hr * 0.5, hy - hr * 1.3,
                                             hx + hr * 1.05 - facing * hr * 0.5, hy + hr * 0.62]), blur=blur)
            c.paint(hm * head, hair)
            hm2 = c.mask(lambda d: d.ellipse([hx - hr * 1.0, hy - hr * 1.26, hx + hr * 1.0, hy - hr * 0.45]), blur=blur)
            c.paint(hm2 * head, hair)                           # hairline over the forehead
            if shirt[0] < 80:                                    # jacket: a white collar at the neck
                col_m = c.mask(lambda d: d.polygon([q(0.08, 1.14), q(0.2, 1.08), q(0.14, 1.0)]), blur=blur)
                c.paint(col_m, (236, 236, 232))
            sleeve = _mix(shirt, (0, 0, 0), 0.12)
            if abs(X) < 3:                                       # at the table: forearm on the cloth, drawn later
                arms_later.append((Z, [q(0.02, 1.06), q(0.12, 0.8), q(0.5, 0.8)], q(0.56, 0.8), sleeve, s))
            else:                                                # along the wall: hands in the lap
                mm = c.mask(lambda d: d.line([q(0.02, 1.06), q(0.1, 0.8), q(0.34, 0.64)], fill=255,
                                             width=max(3, int(0.085 * s)), joint="curve"), blur=blur)
                c.paint(mm, sleeve)
                hx_, hy_ = q(0.38, 0.64)
                mm = c.mask(lambda d: d.ellipse([hx_ - 0.05 * s, hy_ - 0.03 * s, hx_ + 0.05 * s, hy_ + 0.03 * s]), blur=blur)
                c.paint(mm, skin)
        else:
            # seen from the back (facing=+2) or the front (facing=0)
            if facing == 0:
                cb = c.mask(lambda d: d.rounded_rectangle([*q(-0.27, 1.26), *q(0.27, 0.5)], radius=0.06 * s), blur=blur)
                c.paint(cb, chair)
            body = c.mask(lambda d: (d.rounded_rectangle([*q(-0.25, 1.12), *q(0.25, 0.4)], radius=0.1 * s),
                                     d.polygon([q(-0.22, 1.1), q(-0.06, 1.17), q(0.06, 1.17), q(0.22, 1.1)], fill=255)),
                          blur=blur)
            c.paint(body, shirt)
            hx, hy = q(0.0, 1.31)
            hr = 0.1 * s
            head = c.mask(lambda d: (d.ellipse([hx - hr, hy - hr * 1.2, hx + hr, hy + hr * 1.05]),
                                     d.rectangle([*q(-0.05, 1.2), *q(0.05, 1.1)], fill=255)), blur=blur)
            c.paint(head, skin)
            if facing == 0:
                hm = c.mask(lambda d: d.ellipse([hx - hr * 1.08, hy - hr * 1.28, hx + hr * 1.08, hy - hr * 0.2]), blur=blur)
            else:
                hm = c.mask(lambda d: d.ellipse([hx - hr * 1.06, hy - hr * 1.26, hx + hr * 1.06, hy + hr * 0.85]), blur=blur)
            c.paint(hm * head, hair)
            if facing == 0 and shirt[0] < 80:
                col_m = c.mask(lambda d: d.polygon([q(-0.07, 1.15), q(0.07, 1.15), q(0.0, 0.98)]), blur=blur)
                c.paint(col_m, (236, 236, 232))
            if facing == 2:                                      # the back of a conference chair
                cb = c.mask(lambda d: d.rounded_rectangle([*q(-0.26, 1.0), *q(0.26, 0.3)], radius=0.07 * s), blur=blur)
                c.paint(cb, chair)
                hl = c.mask(lambda d: d.rounded_rectangle([*q(-0.2, 0.98), *q(0.2, 0.88)], radius=0.04 * s), blur=blur * 4)
                c.paint(hl * cb, (120, 120, 126), 0.4)
            top = c.mask(lambda d: d.ellipse([hx - hr * 0.6, hy - hr * 1.2, hx + hr * 0.3, hy - hr * 0.5]), blur=hr * 0.3)
            c.paint(top * head, (200, 190, 180), 0.18)

    seats = []
    for Z in (3.0, 4.3, 5.6, 6.8):
        seats.append((TX0 - 0.5, Z + rng.uniform(-0.1, 0.1), 1, False))
        seats.append((TX1 + 0.5, Z + rng.uniform(-0.1, 0.1), -1, False))
    seats.append(((TX0 + TX1) / 2 - 0.3, 8.0, 0, False))
    seats.append(((TX0 + TX1) / 2 + 0.45, 8.05, 0, False))
    for i, Z in enumerate((3.4, 4.5, 5.6, 6.7, 7.8)):
        seats.append((XL + 0.95, Z, 1, i == 2))
        seats.append((XR - 1.25, Z + 0.2, -1, i == 3))
    for X, Z, facing, empty in sorted(seats, key=lambda p: -p[1]):
        person(X, Z, facing, chair=(40, 40, 46) if abs(X) < 3 else (46, 70, 120), empty=empty)

    # --- the table: white cloth on top, pleated blue skirt at the near end
    top = [P(TX0, TY, TZ0), P(TX1, TY, TZ0), P(TX1, TY, TZ1), P(TX0, TY, TZ1)]
    m = c.mask(lambda d: d.polygon(top), blur=1.2)
    Xt, Zt, ok = cam.hplane(TY)
    cloth = np.asarray((236, 234, 226), np.float32) / 255 * np.ones_like(c.a)
    cloth *= (0.9 + 0.1 * np.clip((Zt - TZ0) / (TZ1 - TZ0), 0, 1))[..., None]
    cloth *= (1 - 0.04 * np.clip(1 - np.abs(Xt - (TX0 + TX1) / 2) / 0.3, 0, 1))[..., None]   # the centre crease
    c.paint_field(m, cloth)
    c.texture(m, 0.015, 3, 2)
    (ax, ay), (bx, by) = P(TX0, TY, TZ0), P(TX1, 0.0, TZ0)
    drop = P(TX0, TY - 0.22, TZ0)[1]
    m = c.mask(lambda d: d.rectangle([ax, ay, bx, by]), blur=1.2)
    sk = (0.8 + 0.2 * np.sin((xs - ax) * 2 * np.pi / (f * 0.1 / TZ0)))[..., None]
    c.paint_field(m, np.asarray((44, 76, 140), np.float32) / 255 * sk * np.ones_like(c.a))
    m = c.mask(lambda d: d.rectangle([ax, ay, bx, drop]), blur=1.2)
    c.paint(m, (226, 224, 216))
    m = c.mask(lambda d: d.rectangle([ax, drop - 3, bx, drop + 4]), blur=3)
    c.paint(m, (150, 146, 140), 0.5)
    # things on the table, per seat: papers, a lidded tea cup, a name card, a microphone
    def on_table(X, Z, side):
        s = f / Z
        xin = X + side * 0.45                                    # table edge in front of the sitter
        pts = [P(xin, TY + 0.002, Z - 0.17), P(xin + side * 0.3, TY + 0.002, Z - 0.15),
               P(xin + side * 0.3, TY + 0.002, Z + 0.15), P(xin, TY + 0.002, Z + 0.17)]
        mm = c.mask(lambda d: d.polygon(pts), blur=1)
        c.paint(mm, (246, 248, 250), 0.9)
        cx_, cy_ = P(xin + side * 0.5, TY, Z + 0.22)
        r = 0.045 * s
        mm = c.mask(lambda d: (d.rectangle([cx_ - r, cy_ - 2.2 * r, cx_ + r, cy_]),
                               d.ellipse([cx_ - r, cy_ - r * 0.35, cx_ + r, cy_ + r * 0.35], fill=255)), blur=1)
        c.paint(mm, (246, 246, 242))
        mm = c.mask(lambda d: d.ellipse([cx_ - r * 1.1, cy_ - 2.6 * r, cx_ + r * 1.1, cy_ - 1.9 * r]), blur=1)
        c.paint(mm, (228, 228, 222))
        mm = c.mask(lambda d: d.rectangle([cx_ - r * 0.9, cy_ - 1.2 * r, cx_ + r * 0.9, cy_ - 0.9 * r]), blur=1)
        c.paint(mm, (60, 110, 160), 0.6)                         # blue rim band of the cup
        xc = xin + side * 0.62
        card = [P(xc, TY + 0.1, Z - 0.11), P(xc, TY + 0.1, Z + 0.11), P(xc, TY, Z + 0.11), P(xc, TY, Z - 0.11)]
        mm = c.mask(lambda d: d.polygon(card), blur=1)
        c.paint(mm, (250, 250, 248))
        band = [P(xc, TY + 0.1, Z - 0.11), P(xc, TY + 0.1, Z + 0.11), P(xc, TY + 0.085, Z + 0.11), P(xc, TY + 0.085, Z - 0.11)]
        c.paint(c.mask(lambda d: d.polygon(band), blur=1), (196, 40, 40), 0.8)
        b0 = P(xin + side * 0.42, TY, Z - 0.28)
        k1 = P(xin + side * 0.38, TY + 0.22, Z - 0.26)
        k2 = P(xin + side * 0.2, TY + 0.36, Z - 0.2)
        mm = c.mask(lambda d: (d.line([b0, k1, k2], fill=255, width=max(2, int(0.012 * s)), joint="curve"),
                               d.ellipse([b0[0] - 0.05 * s, b0[1] - 0.012 * s, b0[0] + 0.05 * s, b0[1] + 0.012 * s],
                                         fill=255),
                               d.ellipse([k2[0] - 0.025 * s, k2[1] - 0.02 * s, k2[0] + 0.025 * s, k2[1] + 0.02 * s],
                                         fill=255)), blur=1)
        c.paint(mm, (30, 30, 32))
    for X, Z, facing, _empty in seats:
        if abs(X) < 3 and facing in (-1, 1):
            on_table(X, Z, facing)
    # flower arrangements down the middle of the table
    for Z0 in (3.7, 5.3, 6.8):
        for colr, n, yr, sp in [((40, 80, 40), 90, (0.0, 0.1), 1.0), ((70, 120, 56), 60, (0.04, 0.13), 0.9),
                                ((206, 48, 62), 26, (0.09, 0.17), 0.7), ((242, 196, 80), 14, (0.09, 0.16), 0.7),
                                ((246, 244, 238), 16, (0.09, 0.16), 0.7)]:
            blobs = []
            for _ in range(n):
                X = (TX0 + TX1) / 2 + rng.normal(0, 0.07) * sp; Z = Z0 + rng.normal(0, 0.16) * sp
                Y = TY + rng.uniform(*yr)
                bx_, by_ = P(X, Y, Z); r = f * rng.uniform(0.018, 0.035) / Z
                blobs.append((bx_, by_, r))
            mm = c.mask(lambda d: [d.ellipse([x - r, y - r * 0.8, x + r, y + r * 0.8]) for x, y, r in blobs], blur=1)
            c.paint(mm, colr)
            c.texture(mm, 0.06, 1, 0.5)
    # arms resting on the cloth (far to near)
    for _, path, hand, sleeve, s in sorted(arms_later, key=lambda a: -a[0]):
        mm = c.mask(lambda d: d.line(path, fill=255, width=max(3, int(0.085 * s)), joint="curve"), blur=1.2)
        c.paint(mm, sleeve)
        mm = c.mask(lambda d: d.ellipse([hand[0] - 0.05 * s, hand[1] - 0.03 * s, hand[0] + 0.05 * s, hand[1] + 0.025 * s]),
                    blur=1.2)
        c.paint(mm, skin)

    # --- two people in the foreground, backs to the camera, out of focus
    fg = c.a.copy()
    person(TX0 + 0.3, 1.75, 2, chair=(30, 30, 34))
    person(TX1 + 0.15, 1.9, 2, chair=(30, 30, 34))
    diff = np.abs(c.a - fg).sum(-1) > 0
    fgm = Image.fromarray((diff * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(9)).filter(ImageFilter.GaussianBlur(6))
    blurred = np.asarray(c.image().filter(ImageFilter.GaussianBlur(6)), np.float32) / 255
    c.paint_field(np.asarray(fgm, np.float32)[..., None] / 255, blurred)

    # finishing: soft window light from the left, vignette, lens softness, grain
    m = c.mask(lambda d: d.ellipse([-900, 100, 700, 1900]), blur=300)
    c.paint(m, (255, 248, 232), 0.12)
    c.vignette(0.4)
    c.soften(1.3)
    c.grain(0.016)
    save_jpeg(c, "yantaohui.jpg")


# ---------------------------------------------------------------- command line
# file name (without extension) -> scene. Each scene has its own seed and canvas, so
# drawing one never changes another: any subset can be regenerated on its own.
SCENES = {
    "zongzi-table": zongzi_table,
    "shengjing-garden": shengjing_garden,
    "sizhu-stage": sizhu_stage,
    "xinshegong-class": xinshegong_class,
    "lantern-hall": lantern_hall,
    "binshui-kongjian": binshui_kongjian,
    "yantaohui": yantaohui,
}


def main(argv):
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    names = [Path(a).name.removesuffix(".jpg").removesuffix(".png") for a in argv] or list(SCENES)
    unknown = [n for n in names if n not in SCENES]
    if unknown:
        print("unknown image(s): " + ", ".join(unknown), file=sys.stderr)
        print("choose from: " + " ".join(SCENES), file=sys.stderr)
        return 2
    for n in dict.fromkeys(names):                              # each once, in the order given
        SCENES[n]()
        print("wrote", n, "-", (SCENES[n].__doc__ or "").splitlines()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
