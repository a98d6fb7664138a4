"""Decodes the benchmark's QR images with the peer decoders, in process, and reports what each found and
how long it took. Called by keyfob-bench; prints one JSON object on stdout.

Usage: peers.py MANIFEST.json REPEATS
MANIFEST is a list of {"file": path, "expected": text}.
"""
import json
import statistics
import sys
import time

import zxingcpp
from PIL import Image
from pyzbar import pyzbar


def zxing(path):
    with Image.open(path) as img:
        img.load()
        return [r.text for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]


def zbar(path):
    with Image.open(path) as img:
        img.load()
        found = pyzbar.decode(img, symbols=[pyzbar.ZBarSymbol.QRCODE])
        return [r.data.decode("utf-8", "replace") for r in found]


def main():
    manifest = json.load(open(sys.argv[1]))
    repeats = int(sys.argv[2])
    out = {}
    for name, decode in (("zxing-cpp", zxing), ("zbar", zbar)):
        results = []
        for case in manifest:
            times = []
            texts = []
            for _ in range(repeats):
                start = time.perf_counter()
                texts = decode(case["file"])
                times.append((time.perf_counter() - start) * 1000.0)
            results.append({"ok": case["expected"] in texts, "ms": statistics.median(times)})
        out[name] = results
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
