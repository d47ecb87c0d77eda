"""Writes the seeds of the `pdf` fuzz target into fuzz/seeds/pdf/ (run from the repository
root: `python3 fuzz/pdf_seeds.py`; needs pypdf and qpdf).

- Pages of the real NIST PDFs, rewritten small: text only (no paths, images or graphics
  states), fonts not embedded but their ToUnicode maps kept, so the text reads as in the
  original.
- A hand-written three-page PDF: a title page, a section with a footnote, a Core table.
- Damaged copies: truncated, cut in the middle with its end marker put back, bits flipped,
  cross-reference table and startxref pointing wrong.
"""
import os
import random
import re
import subprocess
import tempfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

OUT = "fuzz/seeds/pdf"
DRAWING = {b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"f", b"F", b"f*", b"B", b"B*", b"b",
           b"b*", b"S", b"s", b"n", b"W", b"W*", b"sh", b"Do", b"gs", b"INLINE IMAGE", b"scn",
           b"SCN", b"sc", b"SC", b"cs", b"CS", b"d", b"i", b"j", b"J", b"M", b"w"}


def page_seed(src, page_no, out):
    reader = PdfReader(src)
    writer = PdfWriter()
    page = writer.add_page(reader.pages[page_no - 1])
    res = page["/Resources"].get_object()
    for font in res.get("/Font", {}).values():
        font = font.get_object()
        fonts = [font] + [f.get_object() for f in font.get("/DescendantFonts", [])]
        for f in fonts:
            if "/FontDescriptor" in f:
                d = f["/FontDescriptor"].get_object()
                for k in ["/FontFile", "/FontFile2", "/FontFile3", "/CIDSet"]:
                    if k in d:
                        del d[k]
            if "/CIDToGIDMap" in f and not isinstance(f["/CIDToGIDMap"], NameObject):
                f[NameObject("/CIDToGIDMap")] = NameObject("/Identity")
    content = ContentStream(page.get_contents(), writer)
    content.operations = [(ops, op) for ops, op in content.operations if op not in DRAWING]
    stream = DecodedStreamObject()
    stream.set_data(content.get_data())
    page[NameObject("/Contents")] = writer._add_object(stream)
    keep = {"/Type", "/Parent", "/MediaBox", "/Resources", "/Contents", "/Rotate"}
    for key in [k for k in page.keys() if k not in keep]:
        del page[key]
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject(k): res[k] for k in ("/Font", "/Properties") if k in res})
    info = reader.metadata or {}
    writer.add_metadata({k: v for k, v in info.items() if k in ("/Title", "/CreationDate")})
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        writer.write(tmp)
        tmp.flush()
        # qpdf writes only what the page reaches, compressed.
        subprocess.run(["qpdf", "--deterministic-id", "--object-streams=disable",
                        "--compress-streams=y", "--recompress-flate", "--compression-level=9",
                        tmp.name, out], check=True)


def tiny_pdf(pages):
    """Like tiny_pdf in tests/it/import_pdf.rs: Helvetica is F1, Helvetica-Bold F2."""
    kids = " ".join("%d 0 R" % (5 + 2 * i) for i in range(len(pages)))
    bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Count %d /Kids [%s] >>" % (len(pages), kids),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for content in pages:
        n = len(bodies) + 1
        bodies.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                      "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (n + 1))
        bodies.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(content) + 1, content))
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(bodies):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, body)).encode()
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)).encode()
    for offset in offsets:
        out += ("%010d 00000 n \n" % offset).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(bodies) + 1, xref)).encode()
    return out


def line(font, size, x, y, text):
    return "BT /%s %d Tf %d %d Td (%s) Tj ET\n" % (font, size, x, y, text)


def hand_written():
    title = line("F2", 24, 72, 700, "Artificial Intelligence Risk Management Framework (AI RMF 1.0)")
    title += line("F1", 12, 72, 660, "https://doi.org/10.6028/NIST.AI.100-1")
    title += line("F1", 12, 72, 640, "January 2023")
    section = line("F2", 14, 72, 720, "1. Framing Risk")
    section += line("F1", 12, 72, 700, "AI systems can amplify inequitable outcomes and misinformation,")
    section += line("F1", 12, 72, 685, "and their energy use bears on climate change.")
    section += line("F1", 9, 72, 110, "1 A note at the foot of the page.")
    table = line("F1", 10, 72, 700, "GOVERN 1: Policies, processes, procedures")
    table += line("F1", 10, 300, 700, "GOVERN 1.1: Legal and regulatory requirements")
    table += line("F1", 10, 300, 688, "involving AI are understood and managed.")
    table += line("F1", 10, 72, 650, "MAP 1: Context is established")
    table += line("F1", 10, 300, 650,
                  "MAP 1.1: Intended purposes are documented, including diversity, equity, and inclusion.")
    return tiny_pdf([title, section, table])


def main():
    os.makedirs(OUT, exist_ok=True)
    ai, playbook = "frameworks/sources/NIST.AI.100-1.pdf", "frameworks/sources/AI_RMF_Playbook.pdf"
    page_seed(ai, 1, f"{OUT}/ai-100-1-page-1.pdf")
    page_seed(ai, 27, f"{OUT}/ai-100-1-page-27.pdf")
    page_seed(playbook, 1, f"{OUT}/playbook-page-1.pdf")
    with open(f"{OUT}/hand-written.pdf", "wb") as f:
        f.write(hand_written())
    random.seed(7)
    for name in ["ai-100-1-page-1", "playbook-page-1", "hand-written"]:
        data = open(f"{OUT}/{name}.pdf", "rb").read()
        damaged = {
            "truncated": data[: len(data) // 2],
            "cut-in-the-middle": data[: len(data) // 2] + b"\n%%EOF\n",
        }
        flipped = bytearray(data)
        for _ in range(12):
            i = random.randrange(64, len(flipped) - 64)
            flipped[i] ^= 1 << random.randrange(8)
        damaged["bytes-flipped"] = bytes(flipped)
        broken = re.sub(rb"startxref\s+\d+", b"startxref\n123", data)
        broken = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), broken)
        damaged["xref-broken"] = broken
        for kind, bytes_ in damaged.items():
            with open(f"{OUT}/{name}-{kind}.pdf", "wb") as f:
                f.write(bytes_)


main()
