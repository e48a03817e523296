#!/usr/bin/python3
"""Reference DICOM JSON Model (PS3.18 Annex F) of DICOM files, from pydicom.

Run with Debian's interpreter (/usr/bin/python3: python3-pydicom 2.3.1).
Prints one JSON object on stdout:

    {"<path>": {"dataset": {<Dataset.to_json_dict() of the data set>}},
     "<path>": {"error": "<message>"}, ...}

Paths come as arguments, or one per line on stdin when there are none. They
are printed as given. All files are read in this one process, so a test can
ask for hundreds of files without paying for an interpreter per file.

What is printed is pydicom's own `DataElement.to_json_dict()` for every
element, with three changes that keep the output small and the comparison
exact; none changes a value:

* Binary values (OB OD OF OL OV OW UN, and the ambiguous OB/OW VRs) are not
  inlined: their "BulkDataURI" is ``sha256:<hex>`` of the raw value bytes as
  pydicom holds them (file byte order), and ``len:<n>`` follows it. radset's
  test hashes its InlineBinary the same way.
* Sequences are walked here rather than by pydicom's ``Dataset.to_json()``,
  so an element pydicom cannot convert is reported as
  ``{"vr": ..., "error": "..."}`` instead of losing the whole file.
* Non-finite floats (FL/FD/DS NaN, +-Infinity) are printed as the strings
  "NaN", "Infinity" and "-Infinity": Python's json would print bare NaN,
  which is not JSON.

Files are read with ``force=True`` (pydicom reads bare data sets only then);
``*.gz`` files are gunzipped in memory first.
"""

import gzip
import hashlib
import io
import json
import math
import sys
import warnings

import pydicom
from pydicom import config

config.settings.reading_validation_mode = config.WARN


def bulk_handler(elem):
    value = elem.value
    if isinstance(value, str):
        value = value.encode("latin-1", "replace")
    if value is None:
        value = b""
    return "sha256:%s len:%d" % (hashlib.sha256(bytes(value)).hexdigest(), len(value))


def finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def walk(ds):
    out = {}
    for key in ds.keys():
        json_key = "%08X" % key
        try:
            elem = ds[key]
        except Exception as exc:  # noqa: BLE001 - report, keep going
            out[json_key] = {"vr": "??", "error": "%s: %s" % (type(exc).__name__, exc)}
            continue
        if elem.VR == "SQ":
            out[json_key] = {"vr": "SQ", "Value": [walk(item) for item in (elem.value or [])]}
            continue
        try:
            item = elem.to_json_dict(bulk_data_element_handler=bulk_handler, bulk_data_threshold=-1)
        except Exception as exc:  # noqa: BLE001
            out[json_key] = {"vr": str(elem.VR), "error": "%s: %s" % (type(exc).__name__, exc)}
            continue
        if "Value" in item:
            item["Value"] = finite(item["Value"])
        out[json_key] = item
    return out


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return pydicom.dcmread(io.BytesIO(data), force=True)


def main():
    paths = sys.argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    result = {}
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = read(path)
                result[path] = {"dataset": walk(ds)}
        except Exception as exc:  # noqa: BLE001
            result[path] = {"error": "%s: %s" % (type(exc).__name__, exc)}
    json.dump(result, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
