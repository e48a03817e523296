"""pydicom header-parse throughput, for bench/header-parse.ts.

Usage: /usr/bin/python3 bench/header_parse_pydicom.py LIST_FILE PASSES WARMUP

LIST_FILE holds one DICOM path per line. Each pass reads every file with
pydicom.dcmread(path, stop_before_pixels=True) and touches PatientID, so the
header is really parsed. Prints one JSON object: seconds per measured pass,
versions, and a checksum of the PatientIDs read (to compare with radset's).
"""
import json
import sys
import time

import pydicom


def one_pass(paths):
    ids = 0
    for path in paths:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        ids += len(str(ds.PatientID))
    return ids


def main():
    list_file, passes, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(list_file, encoding="utf-8") as handle:
        paths = [line.rstrip("\n") for line in handle if line.strip()]
    for _ in range(warmup):
        one_pass(paths)
    seconds = []
    checksum = 0
    for _ in range(passes):
        started = time.perf_counter()
        checksum = one_pass(paths)
        seconds.append(time.perf_counter() - started)
    print(json.dumps({
        "files": len(paths),
        "seconds": seconds,
        "checksum": checksum,
        "pydicom": pydicom.__version__,
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
