#!/usr/bin/env python3
"""screen-check.py PPM [PPM2]: how much of a QEMU screendump (binary PPM, P6) is drawn —
prints the share of pixels that are not black — and, with two dumps, whether they differ.
Used by t-image-screen.sh to tell a blank screen from a drawn one without a picture
library."""
import sys


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    parts, i = [], 0
    while len(parts) < 4:  # magic, width, height, maxval; '#' comments between
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b'#':
            i = data.index(b'\n', i) + 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        parts.append(data[i:j])
        i = j
    if parts[0] != b'P6':
        sys.exit(f'{path}: not a binary PPM')
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[i + 1:i + 1 + 3 * w * h]


w, h, px = read_ppm(sys.argv[1])
lit = sum(1 for k in range(0, len(px), 3) if px[k] | px[k + 1] | px[k + 2])
print(f'{w}x{h} drawn {lit / (w * h):.4f}', end='')
if len(sys.argv) > 2:
    w2, h2, px2 = read_ppm(sys.argv[2])
    print(' same' if (w, h, px) == (w2, h2, px2) else ' differs', end='')
print()
