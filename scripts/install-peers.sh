#!/usr/bin/env bash
# Installs the Debian 12 packages that radset's interoperability tests run
# against ("real peers", DESIGN.md): dcmtk, pydicom, GDCM, dicom3tools
# (dciodvfy), dcm2niix, tesseract-ocr (radset's OCR engine for burned-in
# text), orthanc. Idempotent: when every package is already installed it
# does nothing and needs no network. Run as root, or as a user with sudo.
#
#   scripts/install-peers.sh            install what is missing
#   scripts/install-peers.sh --check    list what is missing; exit 1 if anything is
set -euo pipefail

PEERS=(
  dcmtk            # dcmdump, storescu/storescp, findscu, movescu
  python3-pydicom  # reference reader (Debian's python3, /usr/bin/python3)
  python3-gdcm     # GDCM Python bindings (pydicom pixel handler)
  python3-numpy    # pixel arrays for pydicom
  python3-pil      # Pillow: reference JPEG decode in the pixel tests
  libgdcm-tools    # gdcmconv, gdcmanon, gdcmdump
  dicom3tools      # dciodvfy, the DICOM validator
  dcm2niix         # reference DICOM -> NIfTI converter
  pigz             # parallel gzip: dcm2niix -z y uses it (bench/volume)
  python3-nibabel  # reference NIfTI reader (synthetic lesion masks)
  tesseract-ocr    # offline OCR: burned-in text in pixels (radset deid)
  tesseract-ocr-eng # its English data (a Recommends, not pulled by --no-install-recommends)
  orthanc          # the PACS peer: /anonymize in bench/deid, ingest source
  orthanc-dicomweb # its DICOMweb plugin (QIDO-RS, WADO-RS): radset ingest --from dicomweb
)

missing=()
for pkg in "${PEERS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ "${1:-}" == "--check" ]]; then
  if ((${#missing[@]} == 0)); then
    echo "install-peers: all ${#PEERS[@]} peer packages are installed"
    exit 0
  fi
  echo "install-peers: missing: ${missing[*]}"
  exit 1
fi

if ((${#missing[@]} == 0)); then
  echo "install-peers: all ${#PEERS[@]} peer packages already installed"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-peers: must run as root (or with sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

echo "install-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
echo "install-peers: done"
