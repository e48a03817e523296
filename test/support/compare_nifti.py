"""Compares two NIfTI files as dcm2niix-agreement tests need, with nibabel (an
independent reader): prints one JSON object with shapes, the largest affine
differences (translation in mm, direction cosines in radians) and whether the
physical voxel values (stored × slope + intercept) are identical.

usage: compare_nifti.py A.nii[.gz] B.nii[.gz]
"""
import json
import sys

import nibabel as nib
import numpy as np


def load(path):
    img = nib.load(path)
    data = np.asanyarray(img.dataobj)
    if data.dtype.names:  # RGB24 as a structured array
        data = np.stack([data[n] for n in data.dtype.names], axis=-1)
    return img, data.astype(np.float64)


def main(a_path, b_path):
    a, da = load(a_path)
    b, db = load(b_path)
    out = {"shapeA": list(da.shape), "shapeB": list(db.shape)}
    # Drop trailing singleton axes (x y z 1 vs x y z).
    sa = tuple(s for i, s in enumerate(da.shape) if i < 3 or s != 1)
    sb = tuple(s for i, s in enumerate(db.shape) if i < 3 or s != 1)
    out["sameShape"] = sa == sb
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
        va = da.reshape(sa)
        vb = db.reshape(sb)
        diff = np.abs(va - vb)
        out["maxValueDiff"] = float(np.max(diff)) if diff.size else 0.0
        out["differingVoxels"] = int(np.count_nonzero(diff))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
