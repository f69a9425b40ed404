"""A sixel decoder written from the DEC specification (VT330/VT340 Programmer Reference,
"Sixel Graphics"), for measuring encoders: DCS P1;P2;P3 q, raster attributes
" Pan;Pad;Ph;Pv, colour introducer # Pc;Pu;Px;Py;Pz (Pu 2 = RGB in percent, 1 = HLS),
repeat ! Pn ch, graphics carriage return $, graphics new line -, sixel data ? to ~.

Pixels never painted stay at the background colour (black here). The image is as large as
the raster attributes say, grown to whatever was painted beyond them."""
import colorsys
import numpy as np


def _hls_to_rgb(h, l, s):
    # DEC's hue 0 is blue; colorsys's is red: turn by 240 degrees.
    r, g, b = colorsys.hls_to_rgb(((h + 240) % 360) / 360.0, l / 100.0, s / 100.0)
    return [round(r * 255), round(g * 255), round(b * 255)]


def decode(data: bytes) -> np.ndarray:
    start = data.find(b"\x1bP")
    if start < 0:
        raise ValueError("no DCS introducer")
    q = data.find(b"q", start)
    if q < 0:
        raise ValueError("no sixel introducer q")
    end = data.find(b"\x1b\\", q)
    body = data[q + 1:end if end >= 0 else len(data)]
    palette = {}
    painted = {}  # (x, y) -> colour index, last write wins
    width = height = 0
    x = band = 0
    colour = 0
    i, n = 0, len(body)

    def number_list(i):
        values, cur, has = [], 0, False
        while i < n and (48 <= body[i] <= 57 or body[i] == 59):
            if body[i] == 59:
                values.append(cur if has else 0)
                cur, has = 0, False
            else:
                cur, has = cur * 10 + body[i] - 48, True
            i += 1
        values.append(cur if has else 0)
        return values, i

    max_x = max_y = 0
    while i < n:
        c = body[i]
        if c == 0x22:  # raster attributes
            values, i = number_list(i + 1)
            if len(values) >= 4:
                width, height = values[2], values[3]
            continue
        if c == 0x23:  # colour
            values, i = number_list(i + 1)
            colour = values[0]
            if len(values) >= 5:
                if values[1] == 2:
                    palette[colour] = [round(v * 255 / 100) for v in values[2:5]]
                elif values[1] == 1:
                    palette[colour] = _hls_to_rgb(*values[2:5])
            continue
        if c == 0x21:  # repeat
            values, i = number_list(i + 1)
            count = max(1, values[0])
            ch = body[i]
            i += 1
            bits = ch - 63
            if 0 <= bits < 64:
                for k in range(6):
                    if bits >> k & 1:
                        y = band * 6 + k
                        for xx in range(x, x + count):
                            painted[(xx, y)] = colour
                        max_y = max(max_y, y + 1)
                x += count
                max_x = max(max_x, x)
            continue
        if c == 0x24:  # $
            x = 0
        elif c == 0x2D:  # -
            x = 0
            band += 1
        elif 63 <= c <= 126:
            bits = c - 63
            for k in range(6):
                if bits >> k & 1:
                    y = band * 6 + k
                    painted[(x, y)] = colour
                    max_y = max(max_y, y + 1)
            x += 1
            max_x = max(max_x, x)
        i += 1
    w, h = max(width, max_x), max(height, max_y)
    out = np.zeros((h, w, 3), dtype=np.uint8)
    lut = np.zeros((max(list(palette) + [colour, 0]) + 1, 3), dtype=np.uint8)
    for k, v in palette.items():
        lut[k] = v
    if painted:
        keys = np.array(list(painted.keys()))
        values = np.array(list(painted.values()))
        out[keys[:, 1], keys[:, 0]] = lut[values]
    return out


if __name__ == "__main__":
    import sys
    from PIL import Image
    image = decode(open(sys.argv[1], "rb").read())
    Image.fromarray(image).save(sys.argv[2])
