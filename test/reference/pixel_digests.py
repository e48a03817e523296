#!/usr/bin/python3
"""Reference digests of decoded pixel data, for radset's pixel decoder tests.

Run with Debian's interpreter (/usr/bin/python3: python3-pydicom 2.3.1,
python3-gdcm, python3-numpy, python3-pil). Prints one JSON object:

    {"<path>": {"frames": ["<sha256 hex>", ...], "handler": "...", ...}
     "<path>": {"error": "<message>"}, ...}

Each digest is the SHA-256 of one frame's STORED values, little endian,
samples interleaved (the layout `radset pixels --digest` hashes):
BitsAllocated 1 as one uint8 0/1 per pixel, integers in the container
dtype pydicom picks (uint8/int8/uint16/int16/uint32/int32), Float and
Double Float Pixel Data as float32/float64.

Paths come as arguments, or one per line on stdin when there are none.
They are printed as given.

With ``--transform NAME`` the stored values are first passed through a
pydicom 2.3.1 transformation and the result is reported instead:

* ``palette``: ``apply_color_lut`` (PS3.3 C.7.6.3.1.5, C.7.9), digests per
  frame of the RGB uint8/uint16 output;
* ``rgb``: ``convert_color_space(arr, PhotometricInterpretation, "RGB")``
  (PS3.3 C.7.6.3.1.2), digests per frame;
* ``modality``: ``apply_modality_lut`` (PS3.3 C.11.1) on frame 0, reported as
  ``{"samples": [...], "step": k}``: every k-th value (about 4096 of them),
  since float results are compared with a tolerance; plus, for enhanced
  images, ``{"perFrameRescale": [[slope, intercept], ...]}`` read from the
  Per-Frame / Shared Functional Groups Pixel Value Transformation Sequence,
  which ``apply_modality_lut`` of pydicom 2.3.1 does not look at.

Two corrections are applied to what pydicom 2.3.1 returns, both mirroring
pydicom 3.0 (src/pydicom/pixels/decoders/base.py), which is what radset
follows and which Debian does not ship:

* ``correct_unused_bits``: bits above Bits Stored carry no value (PS3.5
  section 8.1.1), so integers are masked (unsigned) or sign-extended (signed)
  to Bits Stored. pydicom 2.3.1 returns those bits as found.
* JPEG 2000 sign correction: when the codestream's signedness disagrees with
  Pixel Representation the value is reinterpreted at the codestream
  precision. pydicom 2.3.1 does this only for unsigned codestreams in
  signed data sets. After the mask above this is the same operation.

Handler choice: native syntaxes use pydicom's numpy handler; RLE uses
pydicom's own RLE handler (GDCM 3.0 fails on some 16/32-bit multi-frame RLE);
8-bit JPEG (baseline, extended) is decoded frame by frame with Pillow
(Debian's libjpeg-turbo) as described in pillow_jpeg_frames; everything else,
12-bit JPEG included, tries GDCM, then Pillow. The handler used is reported.
"""

import hashlib
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom import config
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, pillow_handler, rle_handler
from pydicom.uid import JPEGBaseline8Bit, JPEGExtended12Bit, RLELossless

NATIVE = {
    "1.2.840.10008.1.2",
    "1.2.840.10008.1.2.1",
    "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.2",
}


def handlers_for(tsyntax):
    if tsyntax in NATIVE:
        return [numpy_handler]
    if tsyntax == RLELossless:
        return [rle_handler]
    return [gdcm_handler, pillow_handler]


def pillow_jpeg_frames(ds, tsyntax):
    """8-bit JPEG frames decoded by Pillow as pydicom 2.3 does, minus its draft('YCbCr') step.

    pydicom 2.3 asks Pillow to keep YCbCr frames in YCbCr; radset, libjpeg,
    DCMTK and pydicom 3 (as_rgb=True) return them as RGB, so the reference
    leaves Pillow's default conversion in place. The RGB-without-transform
    fix-up (_decompress_single_frame) is pydicom's own. A frame smaller than
    Rows x Columns (unpadded whole-slide edge tiles) is placed top-left in a
    zero frame, the recovery radset documents.
    """
    rows, columns = int(ds.Rows), int(ds.Columns)
    samples = int(ds.SamplesPerPixel)
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    out = np.zeros((frames, rows, columns, samples), dtype=np.uint8)
    encoded = generate_pixel_data_frame(ds.PixelData, frames)
    for index in range(frames):
        image = pillow_handler._decompress_single_frame(next(encoded), tsyntax, str(ds.PhotometricInterpretation))
        if image.mode not in ("L", "RGB"):
            raise ValueError(f"Pillow decoded mode {image.mode}")
        tile = np.asarray(image).reshape(image.size[1], image.size[0], samples)
        out[index, : tile.shape[0], : tile.shape[1], :] = tile
    return out if samples > 1 else out[..., 0]


def transformed(arr, ds, transform):
    """Applies a pydicom transformation to the (frames, ...) array; see the module docstring."""
    from pydicom.pixel_data_handlers.util import apply_color_lut, apply_modality_lut, convert_color_space

    if transform == "palette":
        return {"frames": digests_of(np.stack([apply_color_lut(frame, ds) for frame in arr]))}
    if transform == "rgb":
        pi = str(ds.PhotometricInterpretation)
        return {"frames": digests_of(np.stack([convert_color_space(frame.copy(), pi, "RGB") for frame in arr]))}
    if transform == "modality":
        values = np.asarray(apply_modality_lut(arr[0], ds), dtype=np.float64).ravel()
        step = max(1, values.size // 4096)
        result = {"samples": [float(v) for v in values[::step]], "step": step}
        groups = []
        shared = ds.get("SharedFunctionalGroupsSequence")
        per_frame = ds.get("PerFrameFunctionalGroupsSequence")
        for index in range(len(per_frame or [])):
            rescale = None
            for group in (per_frame[index], shared[0] if shared else None):
                if group is not None and "PixelValueTransformationSequence" in group:
                    item = group.PixelValueTransformationSequence[0]
                    rescale = [float(item.get("RescaleSlope", 1)), float(item.get("RescaleIntercept", 0))]
                    break
            groups.append(rescale)
        if any(g is not None for g in groups):
            result["perFrameRescale"] = groups
        return result
    raise ValueError(f"unknown transform {transform}")


def digests_of(arr):
    le = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
    return [hashlib.sha256(np.ascontiguousarray(le[i]).tobytes()).hexdigest() for i in range(le.shape[0])]


def corrected(arr, ds):
    """Mask / sign-extend integer samples to Bits Stored (pydicom 3 correct_unused_bits)."""
    if arr.dtype.kind not in "iu":
        return arr
    bits_allocated = int(ds.BitsAllocated)
    if bits_allocated == 1:
        return arr
    bits_stored = int(getattr(ds, "BitsStored", bits_allocated) or bits_allocated)
    shift = 8 * arr.dtype.itemsize - bits_stored
    if shift <= 0:
        return arr
    arr = arr.copy()
    np.left_shift(arr, shift, out=arr)
    np.right_shift(arr, shift, out=arr)
    return arr


def frame_digests(path, transform=None):
    ds = pydicom.dcmread(path, force=True)
    if not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        return {"error": "no pixel data"}
    tsyntax = ds.file_meta.TransferSyntaxUID if "TransferSyntaxUID" in ds.file_meta else "1.2.840.10008.1.2"
    if "TransferSyntaxUID" not in ds.file_meta:
        ds.file_meta.TransferSyntaxUID = tsyntax
    last = None
    if tsyntax in (JPEGBaseline8Bit, JPEGExtended12Bit) and int(ds.BitsAllocated) == 8:
        try:
            return summary(pillow_jpeg_frames(ds, tsyntax), ds, "pillow (RGB)", frames_already=True, transform=transform)
        except Exception as exc:  # noqa: BLE001 - fall back to the handlers
            last = f"pillow: {type(exc).__name__}: {exc}"
    for handler in handlers_for(tsyntax):
        if not handler.is_available() or not handler.supports_transfer_syntax(tsyntax):
            continue
        config.pixel_data_handlers = [handler]
        try:
            arr = ds.pixel_array
        except Exception as exc:  # noqa: BLE001 - the reference reports every failure
            last = f"{handler.__name__.rsplit('.', 1)[-1]}: {type(exc).__name__}: {exc}"
            continue
        return summary(arr, ds, handler.__name__.rsplit(".", 1)[-1], transform=transform)
    return {"error": last or f"no handler for {tsyntax}"}


def summary(arr, ds, handler, frames_already=False, transform=None):
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    arr = corrected(arr, ds)
    if frames == 1 and not frames_already:
        arr = arr[np.newaxis, ...]
    if transform is not None:
        return {"handler": handler, **transformed(arr, ds, transform)}
    return {
        "frames": digests_of(arr),
        "handler": handler,
        "dtype": str(arr.dtype),
        "shape": list(arr.shape),
        "photometric": str(ds.get("PhotometricInterpretation", "")),
    }


def isolated(path, transform=None):
    """frame_digests(path) in a forked child: GDCM 3.0 segfaults on some corrupt streams."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        # Codec libraries (GDCM's PVRG JPEG) print diagnostics on stdout: keep stdout for the JSON.
        os.dup2(2, 1)
        try:
            result = frame_digests(path, transform)
        except Exception as exc:  # noqa: BLE001 - the reference reports every failure
            result = {"error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write_fd, "w") as pipe:
            json.dump(result, pipe)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return {"error": f"reference decoder crashed (signal {os.WTERMSIG(status)})"}
    try:
        return json.loads(text)
    except ValueError:
        return {"error": f"reference child exited with status {os.waitstatus_to_exitcode(status)}"}


def main():
    warnings.simplefilter("ignore")
    args = sys.argv[1:]
    transform = None
    if args[:1] == ["--transform"]:
        if len(args) < 2:
            sys.exit("usage: pixel_digests.py [--transform palette|rgb|modality] [PATH...]")
        transform, args = args[1], args[2:]
    paths = args or [line.strip() for line in sys.stdin if line.strip()]
    out = {path: isolated(path, transform) for path in paths}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
