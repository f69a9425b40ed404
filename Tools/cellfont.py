#!/usr/bin/env python3
"""Extracts dhscope's cell font from Debian's xfonts-terminus package.

The PNG export of the browser (CellGridPainter) draws every character cell with an 8x16
bitmap font, the cell size dhscope's rendering model uses. The glyphs are those of
Terminus Font (ter-u16n, SIL Open Font License 1.1), taken from the PCF file Debian ships.
The build never reads the package: this script writes the subset dhscope needs into two
committed Swift files, and the package is needed only to run it again.

    cd /tmp && apt-get download xfonts-terminus
    python3 Tools/cellfont.py /tmp/xfonts-terminus_*.deb           # rewrite the Swift files
    python3 Tools/cellfont.py /tmp/xfonts-terminus_*.deb --check   # compare, write nothing
    python3 Tools/cellfont.py /tmp/xfonts-terminus_*.deb --show g  # print glyphs as text

Kept: printable ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, general punctuation,
arrows, mathematical operators, box drawing, block elements, geometric shapes, dingbats and
braille, as far as the font has them (sextants, U+1FB00-1FB3B, it has not: the painter draws
those, like all block elements and braille in the image, from their coverage). Every non-ASCII
character written in Sources/TUI or Sources/Rendering must be in the subset or drawn from its
coverage, or the script stops. Only the standard library is used; paths are relative to the
repository.
"""

import argparse
import gzip
import hashlib
import io
import lzma
import os
import re
import struct
import sys
import tarfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLYPHS_SWIFT = os.path.join(REPO, "Sources", "Imaging", "Drawing", "CellFontGlyphs.swift")
LICENCE_SWIFT = os.path.join(REPO, "Sources", "Imaging", "Drawing", "CellFontLicence.swift")
SCANNED = [os.path.join(REPO, "Sources", "TUI"), os.path.join(REPO, "Sources", "Rendering")]

PACKAGE = "xfonts-terminus"
PCF_PATH = "usr/share/fonts/X11/misc/ter-u16n_unicode.pcf.gz"
COPYRIGHT_PATH = "usr/share/doc/xfonts-terminus/copyright"
WIDTH, HEIGHT = 8, 16

# (first, last, what): the ranges kept, as far as the font covers them.
RANGES = [
    (0x0020, 0x007E, "printable ASCII"),
    (0x00A0, 0x00FF, "Latin-1"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x2000, 0x206F, "general punctuation"),
    (0x2190, 0x21FF, "arrows"),
    (0x2200, 0x22FF, "mathematical operators"),
    (0x2500, 0x257F, "box drawing"),
    (0x2580, 0x259F, "block elements"),
    (0x25A0, 0x25FF, "geometric shapes"),
    (0x2700, 0x27BF, "dingbats"),
    (0x2800, 0x28FF, "braille"),
    (0x1FB00, 0x1FB3B, "sextants"),
]
# What CellGridPainter draws from its coverage (SymbolGeometry), so the font may lack it.
PAINTED_FROM_COVERAGE = [(0x2580, 0x259F), (0x2800, 0x28FF), (0x1FB00, 0x1FB3B)]


def deb_members(deb_bytes, wanted):
    """The contents of `wanted` paths inside a .deb (an ar archive holding data.tar.*)."""
    if not deb_bytes.startswith(b"!<arch>\n"):
        raise SystemExit("not a .deb (ar) archive")
    offset, data_tar = 8, None
    while offset + 60 <= len(deb_bytes):
        header = deb_bytes[offset:offset + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        body = deb_bytes[offset + 60:offset + 60 + size]
        if name.startswith("data.tar"):
            data_tar = (name, body)
        offset += 60 + size + (size & 1)
    if data_tar is None:
        raise SystemExit("no data.tar in the .deb")
    name, body = data_tar
    if name.endswith(".xz"):
        body = lzma.decompress(body)
    elif name.endswith(".gz"):
        body = gzip.decompress(body)
    elif not name.endswith(".tar"):
        raise SystemExit(f"cannot unpack {name}")
    out = {}
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        for member in tar.getmembers():
            path = member.name.lstrip("./")
            if path in wanted and member.isfile():
                out[path] = tar.extractfile(member).read()
    missing = [p for p in wanted if p not in out]
    if missing:
        raise SystemExit(f"not in the package: {', '.join(missing)}")
    return out


def read_pcf(data):
    """Glyphs (code point -> dict) and string/integer properties of a PCF font file."""
    if data[:4] != b"\x01fcp":
        raise SystemExit("not a PCF file")
    (count,) = struct.unpack("<i", data[4:8])
    tables = {}
    for i in range(count):
        kind, _, _, offset = struct.unpack("<iiii", data[8 + 16 * i:24 + 16 * i])
        tables[kind] = offset

    def table(kind):
        offset = tables[kind]
        (fmt,) = struct.unpack("<i", data[offset:offset + 4])
        return fmt, (">" if fmt & 4 else "<"), offset + 4

    # Properties (type 1).
    fmt, e, p = table(1)
    (n,) = struct.unpack(e + "i", data[p:p + 4])
    p += 4
    raw = [struct.unpack(e + "ibi", data[p + 9 * i:p + 9 * i + 9]) for i in range(n)]
    p += 9 * n + ((4 - (n & 3)) & 3)
    (string_size,) = struct.unpack(e + "i", data[p:p + 4])
    strings = data[p + 4:p + 4 + string_size]

    def string_at(offset):
        return strings[offset:strings.index(b"\0", offset)].decode("latin-1")

    properties = {string_at(name): (string_at(value) if is_string else value) for name, is_string, value in raw}

    # Accelerators (type 256, else 2): after 8 bytes of flags, the font's ascent and descent.
    fmt, e, p = table(256 if 256 in tables else 2)
    properties["FONT_ASCENT"], properties["FONT_DESCENT"] = struct.unpack(e + "ii", data[p + 8:p + 16])

    # Metrics (type 4).
    fmt, e, p = table(4)
    metrics = []
    if fmt & 0x100:
        (n,) = struct.unpack(e + "h", data[p:p + 2])
        p += 2
        for i in range(n):
            metrics.append(tuple(b - 0x80 for b in data[p + 5 * i:p + 5 * i + 5]))
    else:
        (n,) = struct.unpack(e + "i", data[p:p + 4])
        p += 4
        for i in range(n):
            metrics.append(struct.unpack(e + "hhhhhH", data[p + 12 * i:p + 12 * i + 12])[:5])

    # Bitmaps (type 8).
    fmt, e, p = table(8)
    (n,) = struct.unpack(e + "i", data[p:p + 4])
    p += 4
    offsets = struct.unpack(e + "%di" % n, data[p:p + 4 * n])
    p += 4 * n
    sizes = struct.unpack(e + "4i", data[p:p + 16])
    bitmaps = data[p + 16:p + 16 + sizes[fmt & 3]]
    pad = 1 << (fmt & 3)
    if not fmt & 8 or ((fmt >> 4) & 3 and e != ">"):
        raise SystemExit("unsupported PCF bit order or scan unit")

    # Encodings (type 32).
    fmt, e, p = table(32)
    min2, max2, min1, max1, _ = struct.unpack(e + "5h", data[p:p + 10])
    span = max2 - min2 + 1
    indices = struct.unpack(e + "%dH" % (span * (max1 - min1 + 1)), data[p + 10:p + 10 + 2 * span * (max1 - min1 + 1)])

    glyphs = {}
    for b1 in range(min1, max1 + 1):
        for b2 in range(min2, max2 + 1):
            g = indices[(b1 - min1) * span + (b2 - min2)]
            if g == 0xFFFF:
                continue
            left, right, advance, ascent, descent = metrics[g]
            bits = right - left
            stride = ((bits + 7) // 8 + pad - 1) // pad * pad
            rows = []
            for y in range(ascent + descent):
                start = offsets[g] + y * stride
                value = int.from_bytes(bitmaps[start:start + stride], "big")
                rows.append(value >> (stride * 8 - bits) if bits else 0)
            glyphs[(b1 << 8) | b2] = dict(left=left, right=right, advance=advance, ascent=ascent,
                                          descent=descent, rows=rows)
    return glyphs, properties


def cell_rows(glyph, font_ascent):
    """The glyph as 16 rows of 8 bits (bit 7 the left column), or None when it is not one cell."""
    if glyph["advance"] != WIDTH or glyph["left"] < 0 or glyph["right"] > WIDTH:
        return None
    rows = [0] * HEIGHT
    top = font_ascent - glyph["ascent"]
    for i, value in enumerate(glyph["rows"]):
        y = top + i
        if value and not 0 <= y < HEIGHT:
            return None
        if 0 <= y < HEIGHT:
            rows[y] = (value << (WIDTH - glyph["right"])) & 0xFF
    return rows


def drawn_characters():
    """Non-ASCII characters in the code (comments left out) of the scanned source folders."""
    found = {}
    # Every file below each folder: modules keep a folder per concept.
    paths = sorted(os.path.join(top, name) for folder in SCANNED for top, _, names in os.walk(folder)
                   for name in names if name.endswith(".swift"))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                code = line.split("//", 1)[0]
                where = f"{os.path.relpath(path, REPO)}:{number}"
                for ch in code:
                    if ord(ch) > 0x7E:
                        found.setdefault(ord(ch), where)
                for escape in re.findall(r"\\u\{([0-9A-Fa-f]+)\}", code):
                    value = int(escape, 16)
                    if value > 0x7E:
                        found.setdefault(value, where)
    return found


def swift_glyphs(subset, source):
    lines = [
        "// Generated by Tools/cellfont.py; do not edit. The glyphs are Terminus Font's: see",
        "// CellFontLicence.swift for their copyright notice and licence (SIL Open Font License 1.1).",
        f"// Source: {source}",
        "",
        "extension CellFont {",
        "    /// One glyph a line: the code point in hex, a colon, then 16 rows of 8 pixels, two hex",
        "    /// digits a row, top row first, the high bit the left column (the layout of GNU Unifont's",
        "    /// .hex files).",
        "    static let glyphSource = \"\"\"",
    ]
    lines += [f"    {cp:04X}:" + "".join(f"{r:02X}" for r in rows) for cp, rows in subset]
    lines += ["    \"\"\"", "}", ""]
    return "\n".join(lines)


def swift_licence(copyright_text, source, properties):
    body = [line.rstrip() for line in copyright_text.splitlines()]
    if any('"""#' in line for line in body):
        raise SystemExit("the copyright file contains the raw string delimiter")
    lines = [
        "// Generated by Tools/cellfont.py; do not edit.",
        "",
        "extension CellFont {",
        "    /// Where the cell font's glyphs come from.",
        f"    public static let origin = \"{source}\"",
        "",
        "    /// The glyphs' copyright notice and licence: Debian's copyright file of the package they",
        "    /// were taken from, verbatim but for trailing spaces. The font's own properties say",
        f"    /// \"{properties.get('COPYRIGHT', '?')}\", \"{properties.get('NOTICE', '?')}\".",
        "    /// The glyphs are a subset of Terminus Font, so, as its licence asks, they are not",
        "    /// called by its reserved name: in dhscope they are the cell font.",
        "    public static let licence = #\"\"\"",
    ]
    lines += [("    " + line) if line else "" for line in body]
    lines += ["    \"\"\"#", "}", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("deb", help=f"the {PACKAGE} .deb (apt-get download {PACKAGE})")
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--show", metavar="TEXT", help="print the glyphs of TEXT as the subset holds them")
    args = parser.parse_args()

    with open(args.deb, "rb") as f:
        deb = f.read()
    members = deb_members(deb, [PCF_PATH, COPYRIGHT_PATH])
    version = re.search(r"_([^_]+)_all\.deb$", os.path.basename(args.deb))
    pcf_gz = members[PCF_PATH]
    source = (f"Debian package {PACKAGE} {version.group(1).replace('%3a', ':') if version else '(version unknown)'}"
              f", /{PCF_PATH} (sha256 {hashlib.sha256(pcf_gz).hexdigest()})")
    glyphs, properties = read_pcf(gzip.decompress(pcf_gz))
    font_ascent = properties.get("FONT_ASCENT")
    if properties.get("PIXEL_SIZE") != HEIGHT or font_ascent is None:
        raise SystemExit(f"expected a {HEIGHT}-pixel font, got {properties.get('PIXEL_SIZE')}")

    subset, skipped = [], []
    for first, last, _ in RANGES:
        for cp in range(first, last + 1):
            if cp in glyphs:
                rows = cell_rows(glyphs[cp], font_ascent)
                if rows is None:
                    skipped.append(cp)
                else:
                    subset.append((cp, rows))
    kept = {cp for cp, _ in subset}

    problems = []
    for cp, where in sorted(drawn_characters().items()):
        from_coverage = any(a <= cp <= b for a, b in PAINTED_FROM_COVERAGE)
        if cp not in kept and not from_coverage:
            problems.append(f"U+{cp:04X} {chr(cp)} ({where}) has no one-cell glyph in the font")
    if problems:
        raise SystemExit("\n".join(problems))

    if args.show:
        by_code = dict(subset)
        for ch in args.show:
            rows = by_code.get(ord(ch))
            print(f"U+{ord(ch):04X} {ch}: " + ("".join(f"{r:02X}" for r in rows) if rows else "not in the subset"))
            for r in rows or []:
                print("  " + format(r, "08b").replace("0", ".").replace("1", "#"))
        return

    outputs = {
        GLYPHS_SWIFT: swift_glyphs(subset, source),
        LICENCE_SWIFT: swift_licence(members[COPYRIGHT_PATH].decode("utf-8"), source, properties),
    }
    stale = []
    for path, text in outputs.items():
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != text:
            stale.append(os.path.relpath(path, REPO))
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    summary = ", ".join(f"{sum(1 for cp in kept if a <= cp <= b)}/{b - a + 1} {what}" for a, b, what in RANGES)
    print(f"{len(subset)} glyphs ({summary}); {len(skipped)} wider than a cell left out")
    if args.check:
        print("up to date" if not stale else "differs: " + ", ".join(stale))
        sys.exit(1 if stale else 0)
    print("wrote " + (", ".join(stale) if stale else "nothing (already up to date)"))


if __name__ == "__main__":
    main()
