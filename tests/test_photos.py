"""The photo conversion (layout/render/photos.py) and the photo stage
(layout/render/photostage.py): each photo converted once for both outputs,
on either number of processes, to the bytes the renderers' own conversion
would write; the ink limit held by the colour table."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import write_photo
from layout.pages.display import Page, Picture
from layout.render.photos import INK_LIMIT, PhotoPrep, cmyk_table, max_ink, placement
from layout.render.photostage import convert_photos, placed
from layout.usercache import Store


def _pic(src: Path, w: float = 144.0, h: float = 96.0, crop=(0.0, 0.0, 1.0, 1.0)) -> Picture:
    return Picture(0, 0, w, h, src, crop, src.name)


def _preps(kit, folder: Path, store: Store | None = None, ready=None) -> tuple[PhotoPrep, PhotoPrep]:
    photos, profile = kit.theme.photos, kit.theme.sheet.photo_profile
    return (PhotoPrep(folder / "photos", profile, photos, store=store, ready=ready),
            PhotoPrep(folder / "photos", profile, photos, store=store, max_ppi=photos.proof_max_ppi, ready=ready))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_stage_makes_the_bytes_each_renderer_would_make_itself(kit, tmp_path, jobs):
    # 600 px over 1 inch: 600 ppi, above both the print's and the proof's max ppi; the second at 200 ppi
    for name, size in (("a.jpg", (600, 400)), ("b.jpg", (400, 300)), ("c.jpg", (500, 500))):
        write_photo(tmp_path / name, *size)
    pics = [_pic(tmp_path / "a.jpg", 72.0, 48.0), _pic(tmp_path / "b.jpg", 144.0, 108.0),
            _pic(tmp_path / "c.jpg", 100.0, 100.0, (0.1, 0.0, 0.9, 0.8))]
    ready = convert_photos(pics, tmp_path / "staged" / "photos", kit.theme.sheet.photo_profile, kit.theme.photos,
                           None, jobs)
    alone = _preps(kit, tmp_path / "alone")
    staged = _preps(kit, tmp_path / "staged", ready=ready)
    for pic in pics:
        for own, fed in zip(alone, staged, strict=True):
            a, b = own.prepare(pic), fed.prepare(pic)
            assert ready[(placement(pic), fed.variant)] == b
            assert a.path.read_bytes() == b.path.read_bytes() and a.ink == b.ink and a.digest == b.digest


def test_a_staged_photo_is_only_read_by_the_renderers(kit, tmp_path, monkeypatch):
    write_photo(tmp_path / "a.jpg", 600, 400)
    pic = _pic(tmp_path / "a.jpg", 72.0, 48.0)
    ready = convert_photos([pic], tmp_path / "photos", kit.theme.sheet.photo_profile, kit.theme.photos, None, 1)
    assert len(ready) == 2  # the print's 450 ppi and the proof's 200 ppi

    def refuse(*args, **kwargs):
        raise AssertionError("converted or written again")

    monkeypatch.setattr(PhotoPrep, "convert", refuse)
    monkeypatch.setattr(PhotoPrep, "write", refuse)
    for prep in _preps(kit, tmp_path, ready=ready):
        prepared = prep.prepare(pic)
        assert prepared is ready[(placement(pic), prep.variant)] and prepared.path.is_file()


def test_the_stage_keeps_what_it_made_and_reads_it_back(kit, tmp_path):
    write_photo(tmp_path / "a.jpg", 600, 400)
    pic = _pic(tmp_path / "a.jpg", 72.0, 48.0)
    store = Store(tmp_path / "store", limit=10**8)
    made = convert_photos([pic], tmp_path / "a", kit.theme.sheet.photo_profile, kit.theme.photos, store, 2)
    assert len(list((tmp_path / "store").glob("photo-*.entry"))) == 2
    again = convert_photos([pic], tmp_path / "b", kit.theme.sheet.photo_profile, kit.theme.photos, store, 2)
    assert [(k, p.path.name, p.ink, p.digest) for k, p in again.items()] == [
        (k, p.path.name, p.ink, p.digest) for k, p in made.items()]
    assert all(p.path.read_bytes() == (tmp_path / "a" / p.path.name).read_bytes() for p in again.values())


def test_a_photo_below_both_resolutions_is_shown_in_the_proof_at_the_prints_pixels(kit, tmp_path):
    write_photo(tmp_path / "a.jpg", 300, 200)
    pic = _pic(tmp_path / "a.jpg", 144.0, 96.0)  # 150 ppi: below the proof's 200 and the print's 450
    store = Store(tmp_path / "store", limit=10**8)
    ready = convert_photos([pic], tmp_path / "photos", kit.theme.sheet.photo_profile, kit.theme.photos, store, 2)
    printed, proof = ready[(placement(pic), (450.0, False))], ready[(placement(pic), (200.0, True))]
    with Image.open(printed.path) as big, Image.open(proof.path) as small:
        assert big.mode == "CMYK" and small.mode == "RGB" and big.size == small.size == (300, 200)
    assert len(list((tmp_path / "store").glob("photo-*.entry"))) == 2


def test_the_proof_shows_the_prints_pixels_through_the_press_profile(kit, tmp_path):
    """A soft proof: the proof's sRGB pixels are the print's CMYK pixels
    through the press profile (within JPEG's rounding)."""
    from PIL import ImageCms

    from layout.model.sheet import SRGB_PROFILE

    write_photo(tmp_path / "a.jpg", 300, 200)
    pic = _pic(tmp_path / "a.jpg", 144.0, 96.0)
    printed, proof = (p.prepare(pic) for p in _preps(kit, tmp_path))
    assert proof.ink == 0.0 and printed.ink > 0.0
    with Image.open(printed.path) as big, Image.open(proof.path) as small:
        seen = ImageCms.profileToProfile(big, str(kit.theme.sheet.photo_profile), str(SRGB_PROFILE),
                                         renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB")
        assert seen is not None
        diff = np.abs(np.asarray(seen).astype(int) - np.asarray(small).astype(int))
        assert diff.mean() < 2.0 and diff.max() < 40


def test_the_proof_is_resampled_to_its_resolution_from_the_print_pixels(kit, tmp_path):
    write_photo(tmp_path / "a.jpg", 1200, 900)
    pic = _pic(tmp_path / "a.jpg", 144.0, 108.0, (0.0, 0.0, 0.75, 1.0))  # 900 × 900 px over 2 × 1.5 in: 450 × 600
    printed, proof = (p.prepare(pic) for p in _preps(kit, tmp_path))
    assert printed.ppi == proof.ppi == pytest.approx(450.0)
    with Image.open(printed.path) as big, Image.open(proof.path) as small:
        assert big.size == (900, 900)  # at the print's 450 ppi already: as cropped
        assert small.size == (400, 400) and small.mode == "RGB"  # 200 ppi of 2 in, a screen proof


def test_placed_lists_each_placement_once_in_page_order(tmp_path):
    a, b = _pic(tmp_path / "a.jpg"), _pic(tmp_path / "b.jpg")
    pages = [Page(1, [a, b]), Page(2, [a]), Page(3, [])]
    assert placed(pages) == [a, b]


def _dark_photo(path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 60, (40, 60, 3), dtype=np.uint8)  # dark, saturated: far over the ink target
    rgb[:, :20, 0] = 120
    Image.fromarray(rgb, "RGB").save(path, quality=95)


@settings(max_examples=15, deadline=None)
@given(r=st.integers(0, 255), g=st.integers(0, 255), b=st.integers(0, 255))
def test_every_colour_converts_within_the_ink_target(r, g, b):
    from conftest import make_kit

    theme = make_kit().theme
    lut = _table(theme.sheet.photo_profile, theme.photos.ink_target)
    out = Image.new("RGB", (2, 2), (r, g, b)).filter(lut)
    assert max_ink(out) <= theme.photos.ink_target  # the table's margin takes the plates' rounding


def test_no_srgb_colour_converts_over_the_ink_target():
    """Every one of the 16.7 million sRGB colours through the sample's table
    (a photo without a profile): none over the target, so no limit follows
    the table (TABLE_MARGIN takes the rounding of the plates)."""
    from conftest import make_kit

    theme = make_kit().theme
    lut = _table(theme.sheet.photo_profile, theme.photos.ink_target)
    cap = theme.photos.ink_target * 255.0 / 100.0
    low = np.arange(1 << 16, dtype=np.uint32)
    worst = 0
    for red in range(256):  # a 256 × 256 image of every green and blue for each red
        rgb = np.stack([np.full(low.shape, red, np.uint32), low >> 8, low & 255], axis=-1).astype(np.uint8)
        out = np.asarray(Image.fromarray(rgb.reshape(256, 256, 3), "RGB").filter(lut))
        total = out[..., 0].astype(np.uint16) + out[..., 1] + out[..., 2] + out[..., 3]
        worst = max(worst, int(total.max()))
    assert worst <= cap


@lru_cache(maxsize=1)
def _table(profile: Path, ink_target: float):
    return cmyk_table(None, profile, ink_target)


def test_a_dark_photo_keeps_the_ink_limit_in_print(kit, tmp_path):
    _dark_photo(tmp_path / "d.jpg", 1)
    pic = _pic(tmp_path / "d.jpg", 7.2, 4.8)  # 600 ppi
    printed, proof = (p.prepare(pic) for p in _preps(kit, tmp_path))
    with Image.open(printed.path) as im:
        assert im.mode == "CMYK"
        assert max_ink(im) <= INK_LIMIT - 0.5
        assert printed.ink == pytest.approx(max_ink(im))
    with Image.open(proof.path) as im:
        assert im.mode == "RGB" and proof.ink == 0.0  # the screen proof: no ink to limit


def test_the_colour_table_matches_the_profile_transform(kit):
    """Away from the ink limit, the table's colours are the profile's own
    (within a few levels of Little CMS's exact transform)."""
    from PIL import ImageCms

    from layout.model.sheet import SRGB_PROFILE

    rng = np.random.default_rng(7)
    rgb = Image.fromarray(rng.integers(60, 256, (32, 32, 3), dtype=np.uint8), "RGB")
    exact = ImageCms.applyTransform(rgb, ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(str(SRGB_PROFILE)), ImageCms.ImageCmsProfile(str(kit.theme.sheet.photo_profile)),
        "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL, flags=ImageCms.Flags.NOOPTIMIZE))
    assert exact is not None
    want = np.asarray(exact).astype(int)
    got = np.asarray(rgb.filter(cmyk_table(None, kit.theme.sheet.photo_profile, 400.0))).astype(int)
    assert np.abs(got - want).mean() < 1.0 and np.abs(got - want).max() <= 12


def test_a_rebuild_in_the_same_process_reads_no_store_for_files_it_wrote(kit, tmp_path, monkeypatch):
    write_photo(tmp_path / "a.jpg", 600, 400)
    pic = _pic(tmp_path / "a.jpg", 72.0, 48.0)
    store = Store(tmp_path / "store", limit=10**8)
    args = (tmp_path / "photos", kit.theme.sheet.photo_profile, kit.theme.photos, store, 1)
    first = convert_photos([pic], *args)

    def refuse(self, key):
        raise AssertionError("the store was read")

    with monkeypatch.context() as m:
        m.setattr(Store, "get", refuse)
        assert convert_photos([pic], *args) == first  # ``layout watch``: the files are there, unchanged
    gone = next(iter(first.values())).path
    gone.unlink()
    again = convert_photos([pic], *args)  # a file removed: read from the store and written again
    assert again == first and gone.is_file()


# ------------------------------------------------------------------ the early worker

def _early(kit, pics, store=None):
    from layout.render.photoearly import plan, start
    from layout.render.photostage import _run

    prep = PhotoPrep(Path("."), kit.theme.sheet.photo_profile, kit.theme.photos, store=store)
    sources = [(pic.source, Image.open(pic.source).size) for pic in pics]
    return start(plan(sources, prep), prep, _run)


def _three(tmp_path):
    for name, size in (("a.jpg", (600, 400)), ("b.jpg", (400, 300)), ("c.png", (500, 500))):
        if name.endswith(".png"):
            Image.new("RGB", size, (200, 40, 90)).save(tmp_path / name)
        else:
            write_photo(tmp_path / name, *size)
    # a at 600 ppi (resampled: from its file), b at 200 ppi and c cropped (from the worker's frames)
    return [_pic(tmp_path / "a.jpg", 72.0, 48.0), _pic(tmp_path / "b.jpg", 144.0, 108.0),
            _pic(tmp_path / "c.png", 100.0, 100.0, (0.1, 0.0, 0.9, 0.8)), _pic(tmp_path / "b.jpg", 72.0, 54.0)]


def _bytes(ready):
    return {k: (p.path.read_bytes(), p.ink, p.digest) for k, p in ready.items()}


def test_the_early_worker_makes_the_bytes_a_serial_stage_makes(kit, tmp_path):
    pics = _three(tmp_path)
    settings, profile = kit.theme.photos, kit.theme.sheet.photo_profile
    alone = convert_photos(pics, tmp_path / "alone", profile, settings, None, 1)
    early = _early(kit, pics)
    assert early is not None and early.running
    both = convert_photos(pics, tmp_path / "both", profile, settings, None, 2, early)
    assert not early.running  # stopped and reaped by the stage
    assert _bytes(alone) == _bytes(both)
    assert {k: p.path.name for k, p in alone.items()} == {k: p.path.name for k, p in both.items()}


def test_a_photo_converted_whole_gives_the_pixels_of_its_placed_conversion(kit, tmp_path):
    pics = _three(tmp_path)
    prep = PhotoPrep(tmp_path, kit.theme.sheet.photo_profile, kit.theme.photos)
    for pic in pics[1:]:  # not resampled for the print
        source = prep.look(pic)
        assert source.ppi <= prep.print_ppi
        whole = prep.frame(source.raw)
        assert whole is not None
        assert prep.convert(source, pic, [(450.0, False), (200.0, True)], whole) == prep.convert(source, pic, [(450.0, False), (200.0, True)])


def test_a_worker_that_dies_leaves_its_share_to_the_stage(kit, tmp_path):
    import os
    import signal

    pics = _three(tmp_path)
    settings, profile = kit.theme.photos, kit.theme.sheet.photo_profile
    alone = convert_photos(pics, tmp_path / "alone", profile, settings, None, 1)
    early = _early(kit, pics)
    assert early is not None and early.pid is not None
    os.kill(early.pid, signal.SIGKILL)
    both = convert_photos(pics, tmp_path / "both", profile, settings, None, 2, early)
    assert _bytes(alone) == _bytes(both)


def test_a_worker_not_needed_is_stopped_and_reaped(kit, tmp_path):
    import os

    pics = _three(tmp_path)
    early = _early(kit, pics)
    assert early is not None
    pid = early.pid
    early.close()
    early.close()  # twice: nothing more
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def test_photos_converted_before_are_not_converted_whole_again(kit, tmp_path):
    pics = _three(tmp_path)
    store = Store(tmp_path / "store", limit=10**8)
    prep = PhotoPrep(tmp_path, kit.theme.sheet.photo_profile, kit.theme.photos, store=store)
    raw = pics[0].source.read_bytes()
    assert not prep.converted_before(raw)
    convert_photos(pics, tmp_path / "photos", kit.theme.sheet.photo_profile, kit.theme.photos, store, 1)
    assert all(prep.converted_before(pic.source.read_bytes()) for pic in pics)
    other = PhotoPrep(tmp_path, kit.theme.sheet.photo_profile, kit.theme.photos, store=store, max_ppi=100.0)
    assert other.converted_before(raw)  # the proof's resolution is no part of it: the same conversion


def test_the_colour_table_kept_in_the_store_is_the_table_made_afresh(kit, tmp_path):
    profile, target = kit.theme.sheet.photo_profile, kit.theme.photos.ink_target
    store = Store(tmp_path / "store", limit=10**8)
    fresh = cmyk_table(None, profile, target)
    made = cmyk_table(None, profile, target, store)  # made, and its nodes kept
    [entry] = (tmp_path / "store").glob("table-*.entry")
    kept = cmyk_table(None, profile, target, store)  # from the store
    other = cmyk_table(None, profile, target - 40, store)  # the same nodes, another ink target
    assert np.array_equal(np.asarray(fresh.table), np.asarray(made.table))
    assert np.array_equal(np.asarray(fresh.table), np.asarray(kept.table))
    assert np.array_equal(np.asarray(cmyk_table(None, profile, target - 40).table), np.asarray(other.table))
    store.put(entry.name.removesuffix(".entry"), b"short")  # a damaged entry: made again
    assert np.array_equal(np.asarray(fresh.table), np.asarray(cmyk_table(None, profile, target, store).table))


def test_a_photo_replaced_in_place_is_measured_anew(kit, tmp_path):
    """``layout watch`` looks at every photo on each rebuild (measured once per
    content): a PNG saved over with a sideways one (EXIF orientation 6) is
    measured upright, and the first content again as it was."""
    path = tmp_path / "p.png"
    Image.new("RGB", (500, 300), (200, 40, 90)).save(path)
    prep = PhotoPrep(tmp_path, kit.theme.sheet.photo_profile, kit.theme.photos)
    pic = _pic(path, 100.0, 60.0)
    assert prep.look(pic).pixels == (500, 300)
    first = path.read_bytes()
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (500, 300), (20, 140, 90)).save(path, exif=exif)
    assert prep.look(pic).pixels == (300, 500)
    path.write_bytes(first)
    assert prep.look(pic).pixels == (500, 300)


def _early_warm(kit, pics, warm):
    from layout.render.photoearly import plan, start
    from layout.render.photostage import _run

    prep = PhotoPrep(Path("."), kit.theme.sheet.photo_profile, kit.theme.photos)
    sources = [(pic.source, Image.open(pic.source).size) for pic in pics]
    return start(plan(sources, prep), prep, _run, warm)


def test_the_workers_warm_up_is_done_when_warmed_returns(kit, tmp_path):
    import time

    pics = _three(tmp_path)
    mark = tmp_path / "warm"

    def warm() -> None:
        time.sleep(0.3)  # the parent waits for it
        mark.write_text("done")

    early = _early_warm(kit, pics, warm)
    assert early is not None
    early.warmed()
    assert mark.read_text() == "done"
    early.warmed()  # again: at once
    alone = convert_photos(pics, tmp_path / "alone", kit.theme.sheet.photo_profile, kit.theme.photos, None, 1)
    both = convert_photos(pics, tmp_path / "both", kit.theme.sheet.photo_profile, kit.theme.photos, None, 2, early)
    assert _bytes(alone) == _bytes(both)


def test_a_warm_up_that_fails_leaves_the_worker_converting(kit, tmp_path):
    pics = _three(tmp_path)

    def warm() -> None:
        raise RuntimeError("no dictionary")

    early = _early_warm(kit, pics, warm)
    assert early is not None
    early.warmed()
    alone = convert_photos(pics, tmp_path / "alone", kit.theme.sheet.photo_profile, kit.theme.photos, None, 1)
    both = convert_photos(pics, tmp_path / "both", kit.theme.sheet.photo_profile, kit.theme.photos, None, 2, early)
    assert _bytes(alone) == _bytes(both)


def _png_chunks(data: bytes) -> list[bytes]:
    out, at = [], 8
    while at < len(data):
        n = int.from_bytes(data[at:at + 4], "big")
        out.append(data[at:at + 12 + n])
        at += 12 + n
    return out


def test_a_png_is_measured_upright_without_decoding_it_unless_it_may_carry_an_orientation(kit, tmp_path, monkeypatch):
    from PIL import ImageFile

    from layout.render import photos

    plain = tmp_path / "plain.png"
    Image.new("RGB", (60, 40), (10, 120, 30)).save(plain)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways
    Image.new("RGB", (60, 40), (10, 120, 30)).save(tmp_path / "turned.png", exif=exif)
    chunks = _png_chunks((tmp_path / "turned.png").read_bytes())
    [mark] = [c for c in chunks if c[4:8] == b"eXIf"]
    rest = [c for c in chunks if c is not mark]
    late = tmp_path / "late.png"  # its EXIF after the pixels: only a decode finds it
    late.write_bytes(b"\x89PNG\r\n\x1a\n" + b"".join(rest[:-1]) + mark + rest[-1])
    decoded: list[str] = []
    real_load = ImageFile.ImageFile.load

    def load(self):  # type: ignore[no-untyped-def]
        decoded.append(self.format)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    photos._MEASURED.clear()
    prep = PhotoPrep(tmp_path, kit.theme.sheet.photo_profile, kit.theme.photos)
    assert prep.look(_pic(plain)).pixels == (60, 40) and not decoded
    assert prep.look(_pic(tmp_path / "turned.png")).pixels == (40, 60)
    assert prep.look(_pic(late)).pixels == (40, 60) and decoded
    with Image.open(late) as im:
        assert im.getexif().get(0x0112) == 6  # Pillow finds it there too


def test_a_worker_stopped_during_its_warm_up_finishes_it_first(kit, tmp_path):
    import time

    pics = _three(tmp_path)
    mark = tmp_path / "warm"

    def warm() -> None:
        time.sleep(0.3)  # writing into the cache folder, say
        mark.write_text("done")

    early = _early_warm(kit, pics, warm)
    assert early is not None
    early.close()  # a build that failed before its photos
    assert mark.read_text() == "done" and not early.running
