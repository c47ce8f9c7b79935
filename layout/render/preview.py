"""Page previews: the proof rendered to PNG (pypdfium2) for a quick look."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def render_previews(pdf_path: Path, out_dir: Path, dpi: int = 100) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=dpi / 72.0).to_pil()
            path = out_dir / f"page-{i + 1:02d}.png"
            image.save(path, optimize=False)
            files.append(path)
            page.close()
    finally:
        pdf.close()
    return files
