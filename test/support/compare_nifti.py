"""Compares two NIfTI files as dcm2niix-agreement tests need, with nibabel (an
independent reader): prints one JSON object with shapes, the largest affine
differences (translation in mm, direction cosines in radians) and whether the
physical voxel values (stored × slope + intercept) are identical.

usage: compare_nifti.py A.nii[.gz] B.nii[.gz]

compare_nifti_batch.py imports load, values_diff and compare from here.
"""
import json
import sys

import nibabel as nib
import numpy as np


def load(path):
    """The image and its physical values as float64; RGB24 gains a last axis (R, G, B)."""
    img = nib.load(path)
    data = np.asanyarray(img.dataobj)
    if data.dtype.names:  # RGB24 as a structured array
        data = np.stack([data[n] for n in data.dtype.names], axis=-1)
    return img, data.astype(np.float64)


def _drop_trailing_singletons(shape):
    """x y z 1 → x y z: a fourth (or later) axis of length 1 changes nothing."""
    return tuple(s for i, s in enumerate(shape) if i < 3 or s != 1)


def values_diff(da, db):
    """sameShape, and when equal, maxValueDiff and differingVoxels of two value arrays."""
    sa = _drop_trailing_singletons(da.shape)
    sb = _drop_trailing_singletons(db.shape)
    out = {"sameShape": sa == sb}
    if out["sameShape"]:
        diff = np.abs(da.reshape(sa) - db.reshape(sb))
        out["maxValueDiff"] = float(np.max(diff)) if diff.size else 0.0
        out["differingVoxels"] = int(np.count_nonzero(diff))
    return out


def compare(a_path, b_path):
    """The comparison of A and B as a dict (what main prints)."""
    a, da = load(a_path)
    b, db = load(b_path)
    out = {"shapeA": list(da.shape), "shapeB": list(db.shape)}
    values = values_diff(da, db)
    out["sameShape"] = values["sameShape"]
    aff_a, aff_b = a.affine, b.affine
    out["translationDiffMm"] = float(np.max(np.abs(aff_a[:3, 3] - aff_b[:3, 3])))
    za = np.linalg.norm(aff_a[:3, :3], axis=0)
    zb = np.linalg.norm(aff_b[:3, :3], axis=0)
    out["spacingDiffMm"] = float(np.max(np.abs(za - zb)))
    cos = np.clip(np.sum((aff_a[:3, :3] / za) * (aff_b[:3, :3] / zb), axis=0), -1, 1)
    out["angleDiffRad"] = float(np.max(np.arccos(cos)))
    out["sformCodes"] = [int(a.header["sform_code"]), int(b.header["sform_code"])]
    out["qformCodes"] = [int(a.header["qform_code"]), int(b.header["qform_code"])]
    if out["sameShape"]:
        out["maxValueDiff"] = values["maxValueDiff"]
        out["differingVoxels"] = values["differingVoxels"]
    return out


def main(a_path, b_path):
    print(json.dumps(compare(a_path, b_path)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
