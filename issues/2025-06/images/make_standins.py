#!/usr/bin/env python3
"""Generate the stand-in photos for the sample issue 2025-06.

These are NOT photographs: they are photo-like scenes drawn with Pillow and
numpy (gradients, soft blurred shapes, film-grain noise) so that the layout
pipeline has print-resolution pictures to place until real photos arrive.

Deterministic: every scene uses its own fixed seed, no timestamps or metadata
are written, so the same Pillow/numpy versions give the same bytes every run.

    .venv/bin/python issues/2025-06/images/make_standins.py

writes, next to this script:
    zongzi-table.jpg      (3:2)  p2  新泾粽香里的时光对话
    shengjing-garden.jpg  (3:2)  p3  生境花园
    sizhu-stage.jpg       (3:2)  p4  江南丝竹
    xinshegong-class.png  (4:3)  p5  新社工培训班 (the one PNG)
    lantern-hall.jpg      (4:3)  p8  社区风采
"""
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
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
            im = im.resize((self.w, self.h), Image.BICUBIC)
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
    c.image().save(HERE / name, "JPEG", quality=88, optimize=False, progressive=False,
                   subsampling=2, dpi=(300, 300))


def save_png(c, name):
    c.image().save(HERE / name, "PNG", optimize=False, compress_level=9, dpi=(300, 300))


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
    for i in range(14):
        ang = float(c.rng.uniform(-35, 35))
        px = int(c.rng.uniform(60, 1100)); py = int(c.rng.uniform(top + 120, h - 520))
        def leaf_mask(shape, blur):
            L = Image.new("L", (900, 900), 0)
            shape(ImageDraw.Draw(L))
            L = L.rotate(ang, resample=Image.BICUBIC)
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
    for i in range(9):
        x0 = c.rng.uniform(-200, W); y0 = c.rng.uniform(40, horizon * 0.6)
        rx = c.rng.uniform(200, 520); ry = rx * c.rng.uniform(0.18, 0.3)
        m = c.mask(lambda d: d.ellipse([x0 - rx, y0 - ry, x0 + rx, y0 + ry]), blur=50)
        c.paint(m, (248, 250, 252), 0.55)
    # distant buildings, hazy
    for i in range(14):
        bx = c.rng.uniform(0, W); bw = c.rng.uniform(80, 200); bh = c.rng.uniform(90, 300)
        m = c.mask(lambda d: d.rectangle([bx, horizon - bh, bx + bw, horizon + 5]), blur=3)
        c.paint(m, (176, 190, 204), 0.7)
    # far tree line: many overlapping blobs
    tl = Image.new("L", (W, h), 0); d = ImageDraw.Draw(tl)
    for i in range(260):
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
    stretched = stretched.resize((W // 40, h), Image.BILINEAR).resize((W, h), Image.BICUBIC)
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
    for i in range(400):
        gx = c.rng.uniform(0, W); gy = c.rng.uniform(wtop + 10, wbot)
        gl = c.rng.uniform(10, 50)
        m = c.mask(lambda d: d.line([(gx, gy), (gx + gl, gy)], fill=255, width=2), blur=1.5)
        c.paint(m, (236, 242, 240), 0.45)
    # near bank and boardwalk
    bank = c.vgrad((104, 132, 64), (58, 84, 36), wbot - 40, h)
    m = c.mask(lambda d: d.polygon([(0, wbot - 10), (W, wbot + 30), (W, h), (0, h)]), blur=6)
    c.paint_field(m, bank + c.noise(2, 1, 0.07))
    # wooden boardwalk curving in from the lower right
    bw = [(W * 0.56, h), (W, h), (W, wbot + 150), (W * 0.92, wbot + 60), (W * 0.78, wbot + 120)]
    m = c.mask(lambda d: d.polygon(bw), blur=3)
    wood = c.vgrad((168, 128, 86), (128, 90, 58), wbot, h)
    xx = np.arange(W, dtype=np.float32)[None, :]
    yy = np.arange(h, dtype=np.float32)[:, None]
    wood *= (1 - 0.12 * (np.sin(np.clip(yy - wbot, 0, None) ** 1.25 / 9 + xx * 0.02) > 0.85))[..., None]
    c.paint_field(m, wood)
    c.texture(m, 0.05, 1, 0.6)
    # reeds and grasses: many thin strokes
    st = Image.new("L", (W, h), 0); d = ImageDraw.Draw(st)
    for i in range(2600):
        x0 = c.rng.uniform(0, W * 0.75); y0 = c.rng.uniform(wbot, h + 30)
        ln = c.rng.uniform(40, 220) * (0.6 + (y0 - wbot) / (h - wbot))
        lean = c.rng.uniform(-0.35, 0.35) * ln
        d.line([(x0, y0), (x0 + lean, y0 - ln)], fill=int(c.rng.uniform(120, 255)), width=int(c.rng.integers(2, 6)))
    m = np.asarray(st.filter(ImageFilter.GaussianBlur(1.2)), np.float32)[..., None] / 255
    c.paint_field(m, c.vgrad((150, 170, 84), (62, 100, 42), wbot - 200, h) + c.noise(2, 0, 0.1))
    # flowers: clusters of soft dots (purple, yellow, white, pink)
    palette = [(150, 118, 170), (214, 186, 84), (232, 230, 220), (206, 138, 150), (190, 104, 72)]
    for k in range(150):
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
    for i in range(22):
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
    for row, (x_off, y_off) in enumerate([(-420, -10), (0, -40), (420, -10)]):
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
    for i in range(9):
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


if __name__ == "__main__":
    for f in (zongzi_table, shengjing_garden, sizhu_stage, xinshegong_class, lantern_hall):
        f()
        print("wrote", f.__doc__.splitlines()[0])
