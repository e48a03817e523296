"""Serves NIfTI comparisons over stdin/stdout, so that one Python process
(loading nibabel once) answers every question a test run asks.

usage: compare_nifti_batch.py
  stdin: one request a line, a JSON object {"op": ..., ...}
  stdout: one answer a line, in order: {"result": ...}, or {"error": "..."}
  when the request could not be answered (the server keeps serving).

Values are physical (stored x slope + inter), read by nibabel; RGB24 gains a
last axis (R, G, B). A file's "frames" are its 2D images: every axis past the
second flattened, in file order (NIfTI stores the first index fastest).

ops:
  compare {pairs: [[A, B], ...]} -> [compare_nifti.py's object, ...], each
      with, when the shapes differ but the rows, columns and voxel counts are
      equal, "frameOrder": how B's frames hold A's: "same" (the same voxels
      in file order, with other dimensions), "reversed" or "other".
  describe {paths: [P, ...]} -> [{shape, affine (4x4, rows), voxelSizesMm
      (affine column norms), datatype (NIfTI-1 header code), dtype (numpy's
      name), dtypeFields (the fields of a structured dtype, [] otherwise)}]
  frameMatches {a: A, b: B} -> for each frame of B, the indexes of A's
      frames that hold the same values (A and B of equal rows and columns).
  compareVoxels {a: A, b: B, reverseAxesOfB: [axis, ...]} -> {shapeA,
      shapeB, sameShape, maxValueDiff, differingVoxels}, B's values taken
      with the listed axes reversed.
  compareWithDicom {nifti: N, dicom: D, reverseAxes: [...], shiftRightBits:
      n} -> the same object with A = N's values and B = pydicom's decode of D
      (stored values, no rescale), laid out as NIfTI holds an image: column,
      row, frame (and sample for colour), each value shifted right by n bits,
      then the listed axes reversed. pydicom is imported only here.
"""
import json
import os
import sys
import traceback

import nibabel as nib
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_nifti  # noqa: E402  (beside this script)


def frames_of(data):
    """The array as (rows, columns, frames): every axis past the second flattened, first fastest."""
    return data.reshape(data.shape[0], data.shape[1], -1, order="F")


def frame_order(da, db):
    """How B's frames hold A's: "same", "reversed" or "other"."""
    fa = frames_of(da)
    fb = frames_of(db)
    n = fa.shape[2]
    if all(np.array_equal(fa[:, :, k], fb[:, :, k]) for k in range(n)):
        return "same"
    if all(np.array_equal(fa[:, :, k], fb[:, :, n - 1 - k]) for k in range(n)):
        return "reversed"
    return "other"


def compare(a_path, b_path):
    out = compare_nifti.compare(a_path, b_path)
    if not out["sameShape"]:
        _, da = compare_nifti.load(a_path)
        _, db = compare_nifti.load(b_path)
        if da.shape[:2] == db.shape[:2] and da.size == db.size:
            out["frameOrder"] = frame_order(da, db)
    return out


def describe(path):
    img = nib.load(path)
    dtype = img.get_data_dtype()
    return {
        "shape": [int(s) for s in img.shape],
        "affine": img.affine.tolist(),
        "voxelSizesMm": np.linalg.norm(img.affine[:3, :3], axis=0).tolist(),
        "datatype": int(img.header["datatype"]),
        "dtype": str(dtype),
        "dtypeFields": list(dtype.names or []),
    }


def frame_matches(a_path, b_path):
    _, da = compare_nifti.load(a_path)
    _, db = compare_nifti.load(b_path)
    if da.shape[:2] != db.shape[:2]:
        raise ValueError(f"frames of {a_path} {da.shape} and {b_path} {db.shape} differ in size")
    fa = frames_of(da)
    fb = frames_of(db)
    return [
        [ka for ka in range(fa.shape[2]) if np.array_equal(fa[:, :, ka], fb[:, :, kb])]
        for kb in range(fb.shape[2])
    ]


def values_comparison(da, db):
    return {"shapeA": list(da.shape), "shapeB": list(db.shape), **compare_nifti.values_diff(da, db)}


def reversed_axes(data, axes):
    for axis in axes:
        data = np.flip(data, axis=axis)
    return data


def compare_voxels(a_path, b_path, reverse_axes_of_b):
    _, da = compare_nifti.load(a_path)
    _, db = compare_nifti.load(b_path)
    return values_comparison(da, reversed_axes(db, reverse_axes_of_b))


def dicom_values(path, shift_right_bits):
    """pydicom's decode as (column, row, frame[, sample]), shifted right."""
    import pydicom

    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    samples = int(getattr(ds, "SamplesPerPixel", 1) or 1)
    # pixel_array drops the frame axis of a single frame and the sample axis of one sample.
    pixels = pixels.reshape(frames, int(ds.Rows), int(ds.Columns), samples)
    if shift_right_bits:
        pixels = pixels >> shift_right_bits
    data = np.transpose(pixels, (2, 1, 0, 3)).astype(np.float64)
    return data[..., 0] if samples == 1 else data


def compare_with_dicom(nifti_path, dicom_path, reverse_axes, shift_right_bits):
    _, dn = compare_nifti.load(nifti_path)
    dd = reversed_axes(dicom_values(dicom_path, shift_right_bits), reverse_axes)
    return values_comparison(dn, dd)


def answer(request):
    op = request["op"]
    if op == "compare":
        return [compare(a, b) for a, b in request["pairs"]]
    if op == "describe":
        return [describe(p) for p in request["paths"]]
    if op == "frameMatches":
        return frame_matches(request["a"], request["b"])
    if op == "compareVoxels":
        return compare_voxels(request["a"], request["b"], request.get("reverseAxesOfB", []))
    if op == "compareWithDicom":
        return compare_with_dicom(
            request["nifti"],
            request["dicom"],
            request.get("reverseAxes", []),
            int(request.get("shiftRightBits", 0)),
        )
    raise ValueError(f"unknown op {op!r}")


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = {"result": answer(json.loads(line))}
        except Exception:  # answer and keep serving: one bad file fails one request
            reply = {"error": traceback.format_exc()}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
