/**
 * Pixel decoding over the whole corpus (../shared/corpus, described in its
 * README.md), checked three ways:
 *
 * 1. against pydicom 2.3.1 + GDCM + Pillow (Debian's python3-pydicom,
 *    python3-gdcm, python3-pil), run through test/reference/pixel_digests.py,
 *    which hashes every frame's stored values the way `radset pixels --digest`
 *    does. Every file both decode must give the same digests; where they
 *    genuinely differ, or only one side decodes, the file is listed below with
 *    the reason and checked another way;
 * 2. lossless encodings of one image must decode to identical values, lossy
 *    ones within the tolerances measured here (stated in LOSSY_PAIRS);
 * 3. the Modality LUT, palette and YBR conversions against pydicom's own.
 *
 * Without the Python reference the tests that need it are skipped, except
 * under CI (CI=true), where they fail.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test, type TestContext } from 'vitest';
import {
  applyPaletteColorLut,
  decodeAllFrames,
  DicomError,
  frameSha256Hex,
  lookupTransferSyntax,
  modalityTransformFor,
  modalityValues,
  readDicomFile,
  readJpegHeader,
  readPaletteColorLut,
  ybrToRgb,
  type DecodedFrame,
} from '../src/dicom/index.js';
import { CORPUS_ROOT, corpusPath, loadManifest, requireCorpus } from './support/corpus.js';
import { hasPeer, PYTHON3, requirePeer } from './support/peers.js';

const run = promisify(execFile);
const REFERENCE_SCRIPT = fileURLToPath(new URL('./reference/pixel_digests.py', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const REFERENCE_MODULES = ['pydicom', 'numpy', 'gdcm', 'PIL'] as const;

// ---------------------------------------------------------------------------
// Where radset and the pydicom reference part ways, file by file, and why.
// ---------------------------------------------------------------------------

/** Both decode, but the reference's values are not the right stored values. Each is checked in its own test. */
const REFERENCE_DIFFERS: Readonly<Record<string, string>> = {
  'edge/pixel_data_quirks/SC_rgb_small_odd_big_endian.dcm':
    '8-bit samples in OW under Explicit VR Big Endian are byte-swapped per 16-bit word (PS3.5 section 7.3); radset swaps them back, pydicom 2.3.1 does not (pydicom 3 only with be_swap_ow). Checked against the little-endian encoding of the same image.',
  'syntaxes/jpegls_near_lossless/CT0012.fragmented_no_bot_jpeg_ls.81.dcm':
    'GDCM 3.0 silently returns all-zero frames for this fragmented multi-frame JPEG-LS file (the corpus README lists GDCM failures on such files). Checked: the reference frames are all zero, and radset is within NEAR of the lossless encoding.',
};

/** pydicom (through GDCM) decodes these leniently; radset refuses them with DICOM_PIXEL_DECODE_FAILED. */
const RADSET_REFUSES: Readonly<Record<string, RegExp>> = {
  // The corpus marks these "pixel decode expected to fail".
  'edge/pixel_data_quirks/JPEG-lossy.dcm': /sequential DCT needs Ss=0 Se=63/,
  'edge/pixel_data_quirks/RG2_JPLY.dcm': /sequential DCT needs Ss=0 Se=63/,
  'edge/pixel_data_quirks/JPEG2000-embedded-sequence-delimiter.dcm':
    /JPEG 2000 header says 3722445056x1024/,
  // The fragment is 512x512 raw bytes under a JPEG Baseline transfer syntax: GDCM falls back to reading it raw.
  'edge/private_tags_and_sequences/genFile.dcm': /does not start with a JPEG SOI marker/,
};

/**
 * Files the corpus marks "pixel decode expected to fail" that radset decodes,
 * with why: JPEGLossless_1s_1f_i_16_16_bad.dcm is a syntactically valid
 * process 14 stream written by an encoder with the predictor 6 overflow bug
 * (DCMTK has an opt-in `--workaround-pred6` for it). Nothing in the stream
 * tells; GDCM, IJG libjpeg and jpeg-lossless-decoder-js all decode it to the
 * same (visibly wrong) values, and so does radset: the test checks equality
 * with the reference rather than pretending to detect it.
 */
const EXPECTED_FAILURES_DECODED: Readonly<Record<string, string>> = {
  'edge/pixel_data_quirks/JPEGLossless_1s_1f_i_16_16_bad.dcm':
    'undetectable predictor-6 encoder bug; decodes like GDCM',
};

/** Why the reference fails on a file radset decodes; every such file must also be in a cross-check below. */
const REFERENCE_GAPS: readonly { readonly error: RegExp; readonly reason: string }[] = [
  {
    error:
      /no handler for 1\.2\.840\.10008\.1\.2\.(8\.1|4\.201|4\.203|4\.53|4\.55|4\.110|4\.111|4\.112)$/,
    reason:
      'pydicom 2.3.1 has no decoder for Deflated Image Frame Compression, HTJ2K, the retired JPEG processes 6-12 or JPEG XL',
  },
  {
    error: /'Bits Allocated' value of 1/,
    reason: "pydicom 2.3.1's RLE handler cannot decode 1-bit frames",
  },
  { error: /reference decoder crashed/, reason: 'GDCM 3.0 aborts on 1-bit JPEG 2000 frames' },
  {
    error: /No tag to read/,
    reason:
      'pydicom cannot parse this undefined-length variant (corpus README); dcmtk and radset can',
  },
];

// ---------------------------------------------------------------------------
// Cross-checks without the reference.
// ---------------------------------------------------------------------------

/** Lossless encodings of one image: all must decode to identical stored values, frame by frame. */
const LOSSLESS_GROUPS: Readonly<Record<string, readonly string[] | (() => readonly string[])>> = {
  'CTImage.dcm in every lossless syntax': () =>
    loadManifest()
      .filter(
        (e) =>
          /^syntaxes\/[^/]+\/CTImage\.dcm_/.test(e.path) &&
          lookupTransferSyntax(e.transferSyntaxUid ?? '')?.lossless === true,
      )
      .map((e) => e.path),
  'Siemens mosaic 1.dcm…9.dcm': () =>
    loadManifest()
      .filter((e) => /^syntaxes\/[^/]+\/[1-9]\.dcm$/.test(e.path) && e.notes.includes('mosaic'))
      .map((e) => e.path),
  MR_small: [
    'edge/compressed_container/zipMR.gz',
    'edge/pixel_data_quirks/MR_small_padded.dcm',
    'syntaxes/explicit_vr_be/MR_small_bigendian.dcm',
    'syntaxes/explicit_vr_be/MR_small_expb.dcm',
    'syntaxes/explicit_vr_le/MR_small.dcm',
    'syntaxes/implicit_vr_le/MR_small_implicit.dcm',
    'syntaxes/jpeg2000_lossless/MR_small_jp2klossless.dcm',
    'syntaxes/jpegls_lossless/MR_small_jpeg_ls_lossless.dcm',
    'syntaxes/rle_lossless/MR_small_RLE.dcm',
  ],
  'Clunie CT1': [
    'edge/bad_vr_length_delimiters/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_ELE_undefinded_length.dcm',
    'edge/bad_vr_length_delimiters/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm',
    'syntaxes/explicit_vr_be/CT1_UNC.explicit_big_endian.dcm',
    'syntaxes/explicit_vr_le/CT1_UNC.explicit_little_endian.dcm',
    'syntaxes/implicit_vr_le/CT1_UNC.implicit_little_endian.dcm',
    'syntaxes/jpegls_lossless/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm',
    'syntaxes/jpegls_lossless/CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm',
    'syntaxes/jpegls_lossless/CT1_UNC.not_fragmented_no_bot_jpeg_ls.80.dcm',
    'syntaxes/rle_lossless/D_CLUNIE_CT1_RLE_FRAGS.dcm',
  ],
  'liver SEG (1-bit)': [
    'seg/dcmqi_liver_ct3slice/liver.dcm',
    'syntaxes/deflated_image_frame_compression/liver_deflate.dcm',
    'syntaxes/jpeg2000_lossless/liver_j2k.dcm',
    'syntaxes/rle_lossless/liver_rle.dcm',
  ],
  'liver SEG, frames not byte aligned': [
    'edge/pixel_data_quirks/liver_nonbyte_aligned.dcm',
    'edge/pixel_data_quirks/liver_nonbyte_aligned_j2k.dcm',
    'edge/pixel_data_quirks/liver_nonbyte_aligned_rle.dcm',
    'syntaxes/deflated_image_frame_compression/liver_nonbyte_aligned_deflate.dcm',
  ],
  'emri_small (10 frames)': [
    'modalities/enhanced_mr/emri_small.dcm',
    'syntaxes/explicit_vr_be/emri_small_big_endian.dcm',
    'syntaxes/jpegls_lossless/emri_small_jpeg_ls_lossless.dcm',
    'syntaxes/rle_lossless/emri_small_RLE.dcm',
  ],
  'CT0012 (2 frames)': [
    'modalities/enhanced_ct/eCT_Supplemental.dcm',
    'syntaxes/jpeg_lossless_p14/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm',
    'syntaxes/jpeg_lossless_p14_sv1/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm',
    'syntaxes/jpegls_lossless/CT0012.not_fragmented_bot_jpeg_ls.80.dcm',
    'syntaxes/jpegls_lossless/CT0012.not_fragmented_no_bot_jpeg_ls.80.dcm',
    'syntaxes/rle_lossless/CT0012.not_fragmented_bot_rle.dcm',
    'syntaxes/rle_lossless/CT0012.not_fragmented_no_bot_rle.dcm',
  ],
  'SC_rgb 8-bit': [
    'syntaxes/explicit_vr_be/SC_rgb_expb.dcm',
    'syntaxes/explicit_vr_le/SC_rgb.dcm',
    'syntaxes/jpeg_lossless_p14_sv1/SC_rgb_jpeg_gdcm.dcm',
    'syntaxes/rle_lossless/SC_rgb_rle.dcm',
  ],
  'SC_rgb 16-bit': [
    'syntaxes/explicit_vr_be/SC_rgb_expb_16bit.dcm',
    'syntaxes/explicit_vr_le/SC_rgb_16bit.dcm',
    'syntaxes/rle_lossless/SC_rgb_rle_16bit.dcm',
  ],
  'SC_rgb 32-bit': [
    'syntaxes/explicit_vr_be/SC_rgb_expb_32bit.dcm',
    'syntaxes/explicit_vr_le/SC_rgb_32bit.dcm',
    'syntaxes/rle_lossless/SC_rgb_rle_32bit.dcm',
  ],
  'SC_rgb 2 frames': [
    'syntaxes/explicit_vr_be/SC_rgb_expb_2frame.dcm',
    'syntaxes/explicit_vr_le/SC_rgb_2frame.dcm',
    'syntaxes/rle_lossless/SC_rgb_rle_2frame.dcm',
  ],
  'SC_rgb_small_odd, little and big endian (8-bit OW)': [
    'edge/pixel_data_quirks/SC_rgb_small_odd.dcm',
    'edge/pixel_data_quirks/SC_rgb_small_odd_big_endian.dcm',
  ],
  'RT dose (32-bit, 15 frames)': [
    'modalities/rt/rtdose.dcm',
    'syntaxes/explicit_vr_be/rtdose_expb.dcm',
    'syntaxes/rle_lossless/rtdose_rle.dcm',
  ],
  'RT dose (1 frame)': [
    'modalities/rt/rtdose_1frame.dcm',
    'syntaxes/explicit_vr_be/rtdose_expb_1frame.dcm',
    'syntaxes/rle_lossless/rtdose_rle_1frame.dcm',
  ],
  'slide microscopy tiles': [
    'modalities/sm_wsi/sm_image.dcm',
    'syntaxes/jpegls_lossless/sm_image_jpegls.dcm',
    'syntaxes/jpegls_lossless/sm_image_jpegls_nobot.dcm',
  ],
  'US palette (10 frames)': [
    'modalities/us/US-PAL-8-10x-echo',
    'modalities/us/jpeg-ls-Palette.dcm',
  ],
  'RGB test pattern': [
    'syntaxes/jpeg_lossless_p14_sv1/TestPattern_JPEG-Lossless_RGB.dcm',
    'syntaxes/jpegls_lossless/TestPattern_JPEG-LS-Lossless.dcm',
  ],
  'MR2 (12-bit)': [
    'syntaxes/jpeg2000_lossless/MR2_J2KR.dcm',
    'syntaxes/jpeg_lossless_p14/JPEGLossless_1s_1f_u_16_12.dcm',
  ],
};

interface LossyPair {
  readonly lossless: string;
  readonly lossy: string;
  /** Bound on max |lossless − lossy|; 'near' = the JPEG-LS NEAR parameter of the lossy stream (ISO/IEC 14495-1). */
  readonly maxAbs: number | 'near';
  readonly rmse: number;
  /** Compare physical values (Modality LUT applied): the lossy file stores rescaled values. */
  readonly modality?: true;
  /** What was measured when the bound was set (max |Δ|, RMSE). */
  readonly measured: string;
}

const CT =
  'syntaxes/jpeg_lossless_p14/CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm';
const TEST_PATTERN = 'syntaxes/jpegls_lossless/TestPattern_JPEG-LS-Lossless.dcm';

/** Lossy encodings against a lossless one of the same image, with the tolerance each is held to. */
const LOSSY_PAIRS: readonly LossyPair[] = [
  {
    lossless: CT,
    lossy: 'syntaxes/jpeg2000/CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm',
    maxAbs: 5,
    rmse: 1.0,
    measured: '5, 0.891',
  },
  {
    lossless: CT,
    lossy:
      'syntaxes/jpegls_near_lossless/CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm',
    maxAbs: 'near',
    rmse: 1.0,
    measured: '1 (NEAR 1), 0.833',
  },
  {
    lossless: CT,
    lossy:
      'syntaxes/jpeg_spectral_selection_p6_8_retired/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm',
    maxAbs: 40,
    rmse: 6,
    modality: true,
    measured: '35.6 HU, 5.19 HU (12-bit, slope 2)',
  },
  {
    lossless: CT,
    lossy:
      'syntaxes/jpeg_full_progression_p10_12_retired/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm',
    maxAbs: 40,
    rmse: 6,
    modality: true,
    measured: '35.6 HU, 5.19 HU (12-bit, slope 2)',
  },
  {
    lossless: CT,
    lossy:
      'syntaxes/jpeg_baseline_p1/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm',
    maxAbs: 70,
    rmse: 25,
    modality: true,
    measured: '64.2 HU, 22.7 HU (8-bit, slope 32.1)',
  },
  {
    lossless: 'syntaxes/jpegls_lossless/CT0012.not_fragmented_bot_jpeg_ls.80.dcm',
    lossy: 'syntaxes/jpegls_near_lossless/CT0012.fragmented_no_bot_jpeg_ls.81.dcm',
    maxAbs: 'near',
    rmse: 1.1,
    measured: '2 (NEAR 2), 0.996',
  },
  {
    lossless: 'syntaxes/htj2k/HTJ2KLossless_08_RGB.dcm',
    lossy: 'syntaxes/htj2k/HTJ2K_08_RGB.dcm',
    maxAbs: 5,
    rmse: 0.8,
    measured: '4, 0.714',
  },
  {
    lossless: 'syntaxes/jpegls_lossless/JLSL_RGB_ILV0.dcm',
    lossy: 'syntaxes/jpegls_near_lossless/JLSN_RGB_ILV0.dcm',
    maxAbs: 'near',
    rmse: 2.0,
    measured: '3 (NEAR 3), 1.84',
  },
  {
    lossless: 'syntaxes/jpeg2000_lossless/US1_J2KR.dcm',
    lossy: 'syntaxes/jpeg2000/US1_J2KI.dcm',
    maxAbs: 130,
    rmse: 4.0,
    measured: '124 (burnt-in text edges), 3.79',
  },
  {
    lossless: 'syntaxes/jpeg2000_lossless/MR2_J2KR.dcm',
    lossy: 'syntaxes/jpeg2000/MR2_J2KI.dcm',
    maxAbs: 35,
    rmse: 6.0,
    measured: '32, 5.55',
  },
  {
    lossless: TEST_PATTERN,
    lossy: 'syntaxes/jpegls_near_lossless/TestPattern_JPEG-LS-NearLossless.dcm',
    maxAbs: 'near',
    rmse: 1.4,
    measured: '2 (NEAR 2), 1.30',
  },
  {
    lossless: TEST_PATTERN,
    lossy: 'syntaxes/jpeg_baseline_p1/TestPattern_JPEG-Baseline_YBRFull.dcm',
    maxAbs: 45,
    rmse: 1.7,
    measured: '42, 1.55 (RGB after libjpeg-turbo)',
  },
  {
    lossless: TEST_PATTERN,
    lossy: 'syntaxes/jpeg_baseline_p1/TestPattern_JPEG-Baseline_YBR422.dcm',
    maxAbs: 80,
    rmse: 3.0,
    measured: '74, 2.80 (chroma subsampled)',
  },
  {
    lossless: 'syntaxes/explicit_vr_le/SC_rgb.dcm',
    lossy: 'syntaxes/jpeg_baseline_p1/SC_rgb_dcmtk_+eb+cy+s4.dcm',
    maxAbs: 8,
    rmse: 1.3,
    measured: '6, 1.19',
  },
  {
    lossless: 'syntaxes/explicit_vr_le/SC_rgb.dcm',
    lossy: 'syntaxes/jpegls_near_lossless/SC_rgb_jls_lossy_line.dcm',
    maxAbs: 'near',
    rmse: 1.2,
    measured: '2 (NEAR 2), 1.14',
  },
];

/** Files whose Modality LUT pydicom 2.3.1 cannot apply, and what radset does instead. */
const MODALITY_REFERENCE_FAILS: Readonly<Record<string, string>> = {
  'syntaxes/jpeg_lossless_p14_sv1/JPEGLosslessP14SV1_1s_1f_u_16_16.dcm':
    'its Modality LUT Sequence item has empty LUT Descriptor and LUT Data (and Rescale Slope/Intercept are empty): apply_modality_lut raises TypeError; radset skips the empty item and applies the identity',
};

/** JPEG XL (.111 JPEG recompression): no reference in Debian; decoded and sanity-checked (frame size, colour, content). */
const JPEG_XL_FILES = ['syntaxes/jpeg_xl/will-jxl.dcm'];

// ---------------------------------------------------------------------------
// Decoding the corpus once, radset and reference side by side.
// ---------------------------------------------------------------------------

type Outcome =
  | {
      readonly ok: true;
      readonly digests: readonly string[];
      readonly photometric: string;
      readonly codec: string;
    }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string };

interface ReferenceResult {
  readonly frames?: readonly string[];
  readonly error?: string;
  readonly handler?: string;
  readonly samples?: readonly number[];
  readonly step?: number;
  readonly perFrameRescale?: readonly (readonly [number, number] | null)[];
}

const frameCache = new Map<string, Promise<DecodedFrame[]>>();

/** Decoded frames of a corpus file (cached: several tests look at the same files). */
function framesOf(path: string): Promise<DecodedFrame[]> {
  let pending = frameCache.get(path);
  if (pending === undefined) {
    pending = readDicomFile(corpusPath(path)).then((dicom) =>
      decodeAllFrames(dicom, { file: path }),
    );
    frameCache.set(path, pending);
  }
  return pending;
}

async function outcomeOf(path: string): Promise<Outcome> {
  try {
    const frames = await decodeAllFrames(await readDicomFile(corpusPath(path)), { file: path });
    return {
      ok: true,
      digests: frames.map(frameSha256Hex),
      photometric: frames[0]?.photometricInterpretation ?? '',
      codec: frames[0]?.codec ?? '',
    };
  } catch (error) {
    return {
      ok: false,
      code: error instanceof DicomError ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

function referenceAvailable(): boolean {
  return REFERENCE_MODULES.every((m) => hasPeer(`python3-${m}`, { pythonModule: m }));
}

function requireReference(context: TestContext): void {
  requireCorpus(context);
  for (const m of REFERENCE_MODULES) requirePeer(context, `python3-${m}`, { pythonModule: m });
}

async function reference(
  paths: readonly string[],
  transform?: 'palette' | 'rgb' | 'modality',
): Promise<Record<string, ReferenceResult>> {
  const args = [
    REFERENCE_SCRIPT,
    ...(transform === undefined ? [] : ['--transform', transform]),
    ...paths,
  ];
  const { stdout } = await run(PYTHON3, args, { cwd: CORPUS_ROOT, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, ReferenceResult>;
}

const dicomPaths = (): string[] =>
  loadManifest()
    .filter((e) => e.expectation !== 'not-dicom-data')
    .map((e) => e.path);

let ours = new Map<string, Outcome>();
let referenceResults: Record<string, ReferenceResult> | undefined;

beforeAll(async () => {
  let paths: string[];
  try {
    paths = dicomPaths();
  } catch {
    return; // corpus missing: every test reports it through requireCorpus
  }
  const pendingReference = referenceAvailable() ? reference(paths) : undefined;
  const results = new Map<string, Outcome>();
  for (const path of paths) results.set(path, await outcomeOf(path));
  ours = results;
  referenceResults = await pendingReference;
});

// ---------------------------------------------------------------------------

describe('radset against pydicom 2.3.1 + GDCM + Pillow', () => {
  test('every file both decode gives identical stored values, frame by frame', (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const mismatches: string[] = [];
    let compared = 0;
    for (const [path, outcome] of ours) {
      const r = ref[path];
      if (r?.frames === undefined || !outcome.ok || path in REFERENCE_DIFFERS) continue;
      compared += 1;
      const differing = outcome.digests.filter((d, i) => d !== r.frames?.[i]).length;
      if (differing > 0 || outcome.digests.length !== r.frames.length) {
        mismatches.push(
          `${path}: ${differing} of ${outcome.digests.length} frames differ (reference ${r.frames.length} frames by ${r.handler ?? '?'})`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(400);
  });

  test('files the reference decodes and radset refuses are exactly the documented ones', (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const refused = [...ours]
      .filter(([path, o]) => !o.ok && ref[path]?.frames !== undefined)
      .map(([path]) => path);
    expect(refused.sort()).toEqual(Object.keys(RADSET_REFUSES).sort());
    for (const [path, pattern] of Object.entries(RADSET_REFUSES)) {
      const outcome = ours.get(path);
      expect(outcome, path).toMatchObject({ ok: false, code: 'DICOM_PIXEL_DECODE_FAILED' });
      expect(outcome?.ok === false ? outcome.message : '', path).toMatch(pattern);
    }
  });

  test('files only radset decodes are reference gaps, each cross-checked below', (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const crossChecked = new Set<string>([
      ...Object.values(LOSSLESS_GROUPS).flatMap((g) => (typeof g === 'function' ? g() : g)),
      ...LOSSY_PAIRS.flatMap((p) => [p.lossless, p.lossy]),
      ...JPEG_XL_FILES,
    ]);
    const unexplained: string[] = [];
    for (const [path, outcome] of ours) {
      const error = ref[path]?.error;
      if (!outcome.ok || error === undefined || error === 'no pixel data') continue;
      const gap = REFERENCE_GAPS.find((g) => g.error.test(error));
      if (gap === undefined || !crossChecked.has(path))
        unexplained.push(
          `${path}: reference says '${error}'${gap === undefined ? '' : ' (known gap, but not cross-checked)'}`,
        );
    }
    expect(unexplained).toEqual([]);
  });

  test('documented differences: 8-bit OW big endian', async (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const path = 'edge/pixel_data_quirks/SC_rgb_small_odd_big_endian.dcm';
    expect(REFERENCE_DIFFERS[path]).toBeDefined();
    expect(ours.get(path)).toMatchObject({ ok: true });
    expect((ours.get(path) as { digests: readonly string[] }).digests).not.toEqual(
      ref[path]?.frames,
    );
    expect((ours.get(path) as { digests: readonly string[] }).digests).toEqual(
      (ours.get('edge/pixel_data_quirks/SC_rgb_small_odd.dcm') as { digests: readonly string[] })
        .digests,
    );
  });

  test('documented differences: GDCM returns zero frames for the fragmented JPEG-LS near-lossless CT0012', (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const path = 'syntaxes/jpegls_near_lossless/CT0012.fragmented_no_bot_jpeg_ls.81.dcm';
    const zeros = createHash('sha256')
      .update(new Uint8Array(512 * 512 * 2))
      .digest('hex');
    expect(ref[path]?.frames).toEqual([zeros, zeros]);
    expect((ours.get(path) as { digests: readonly string[] }).digests).not.toContain(zeros);
  });

  test('the "pixel decode expected to fail" files: three refused, one decoded as GDCM does (see EXPECTED_FAILURES_DECODED)', (context) => {
    requireCorpus(context);
    const marked = loadManifest()
      .filter((e) => e.expectation === 'pixel-fail')
      .map((e) => e.path)
      .sort();
    expect(marked).toEqual(
      [
        ...Object.keys(RADSET_REFUSES).filter((p) => p.startsWith('edge/pixel_data_quirks/')),
        ...Object.keys(EXPECTED_FAILURES_DECODED),
      ].sort(),
    );
    for (const path of marked) {
      if (path in EXPECTED_FAILURES_DECODED) {
        expect(ours.get(path), path).toMatchObject({ ok: true });
        if (referenceResults !== undefined)
          expect((ours.get(path) as { digests: readonly string[] }).digests).toEqual(
            referenceResults[path]?.frames,
          );
      } else {
        expect(ours.get(path), path).toMatchObject({
          ok: false,
          code: 'DICOM_PIXEL_DECODE_FAILED',
        });
        expect((ours.get(path) as { message: string }).message).toMatch(
          new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*frame 0 \\(`),
        );
      }
    }
  });

  test('every failure anywhere in the corpus is a DicomError with a catalogue code', (context) => {
    requireCorpus(context);
    const stray = [...ours]
      .filter(([, o]) => !o.ok && o.code === undefined)
      .map(([path, o]) => `${path}: ${(o as { message: string }).message}`);
    expect(stray).toEqual([]);
  });
});

describe('lossless encodings of the same image decode identically', () => {
  for (const [name, group] of Object.entries(LOSSLESS_GROUPS)) {
    test(name, async (context) => {
      requireCorpus(context);
      const paths = typeof group === 'function' ? group() : group;
      expect(paths.length).toBeGreaterThanOrEqual(2);
      const digests = await Promise.all(
        paths.map(async (p) => (await framesOf(p)).map(frameSha256Hex)),
      );
      for (let i = 1; i < paths.length; i++)
        expect(digests[i], `${paths[i]} vs ${paths[0]}`).toEqual(digests[0]);
    });
  }

  test('the groups cover the CTImage lossless syntaxes and the seven mosaic encodings', (context) => {
    requireCorpus(context);
    const ct = (
      LOSSLESS_GROUPS['CTImage.dcm in every lossless syntax'] as () => readonly string[]
    )();
    expect(ct.map((p) => p.split('/')[1]).sort()).toEqual([
      'deflated_explicit_vr_le',
      'implicit_vr_le',
      'jpeg2000_lossless',
      'jpeg_lossless_p14',
      'jpeg_lossless_p14_sv1',
      'jpegls_lossless',
      'rle_lossless',
    ]);
    expect(
      (LOSSLESS_GROUPS['Siemens mosaic 1.dcm…9.dcm'] as () => readonly string[])(),
    ).toHaveLength(7);
  });
});

describe('lossy encodings stay within the measured tolerance', () => {
  for (const pair of LOSSY_PAIRS) {
    test(`${pair.lossy.split('/').pop() ?? ''}: max |Δ| ≤ ${pair.maxAbs}, RMSE ≤ ${pair.rmse}${pair.modality ? ' (physical values)' : ''}; measured ${pair.measured}`, async (context) => {
      requireCorpus(context);
      const [a, b] = await Promise.all([framesOf(pair.lossless), framesOf(pair.lossy)]);
      expect(b).toHaveLength(a.length);
      let bound = pair.maxAbs;
      if (bound === 'near') {
        const dicom = await readDicomFile(corpusPath(pair.lossy));
        const element = dicom.dataset.element('PixelData');
        const first = element?.fragments?.[1];
        if (element?.bytes === undefined || first === undefined)
          throw new Error('no JPEG-LS fragment');
        bound = readJpegHeader(element.bytes.subarray(first.offset, first.offset + first.length))
          .scan.ss;
        expect(bound).toBeGreaterThan(0);
      }
      const [da, db] = await Promise.all([
        readDicomFile(corpusPath(pair.lossless)),
        readDicomFile(corpusPath(pair.lossy)),
      ]);
      let max = 0;
      let squares = 0;
      let count = 0;
      a.forEach((frame, i) => {
        const other = b[i] as DecodedFrame;
        const x = pair.modality ? modalityValues(frame, da.dataset) : frame.values;
        const y = pair.modality ? modalityValues(other, db.dataset) : other.values;
        expect(y.length).toBe(x.length);
        for (let k = 0; k < x.length; k++) {
          const d = (x[k] as number) - (y[k] as number);
          max = Math.max(max, Math.abs(d));
          squares += d * d;
        }
        count += x.length;
      });
      expect(max).toBeLessThanOrEqual(bound);
      expect(Math.sqrt(squares / count)).toBeLessThanOrEqual(pair.rmse);
    });
  }

  test('JPEG XL (JPEG recompression) decodes to plausible RGB frames', async (context) => {
    requireCorpus(context);
    for (const path of JPEG_XL_FILES) {
      const frames = await framesOf(path);
      expect(frames).toHaveLength(27);
      const first = frames[0] as DecodedFrame;
      expect(first).toMatchObject({ photometricInterpretation: 'RGB', valueType: 'uint8' });
      expect(first.values).toHaveLength(708 * 1016 * 3);
      const distinct = new Set(frames.map(frameSha256Hex));
      expect(distinct.size).toBeGreaterThan(20);
      let sum = 0;
      for (const v of first.values) sum += v;
      expect(sum / first.values.length).toBeGreaterThan(5);
      expect(sum / first.values.length).toBeLessThan(100);
    }
  });
});

describe('LUT and colour conversions against pydicom', () => {
  test('palette colour (apply_color_lut), 8- and 16-bit entries, segmented Aloka tables, LE and BE', async (context) => {
    requireReference(context);
    const ref = referenceResults as Record<string, ReferenceResult>;
    const paths = [...ours]
      .filter(([p, o]) => o.ok && o.photometric === 'PALETTE COLOR' && ref[p]?.frames !== undefined)
      .map(([p]) => p);
    expect(paths).toEqual(
      expect.arrayContaining([
        'vendor/other/gdcm-US-ALOKA-16.dcm',
        'vendor/other/gdcm-US-ALOKA-16_big.dcm',
        'modalities/lut_palette_overlay/TestPattern_Palette.dcm',
        'modalities/lut_palette_overlay/TestPattern_Palette_16.dcm',
      ]),
    );
    const expected = await reference(paths, 'palette');
    for (const path of paths) {
      const dicom = await readDicomFile(corpusPath(path));
      const lut = readPaletteColorLut(dicom.dataset);
      const digests = (await framesOf(path)).map((f) => {
        const rgb = applyPaletteColorLut(f, lut);
        return createHash('sha256')
          .update(new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength))
          .digest('hex');
      });
      expect(digests, path).toEqual(expected[path]?.frames);
    }
  });

  test('native YBR_FULL and YBR_FULL_422 to RGB (convert_color_space)', async (context) => {
    requireReference(context);
    const paths = [
      'modalities/lut_palette_overlay/SC_ybr_full_uncompressed.dcm',
      'modalities/lut_palette_overlay/SC_ybr_full_422_uncompressed.dcm',
      'modalities/us/YBR_422.dcm',
    ];
    const expected = await reference(paths, 'rgb');
    for (const path of paths) {
      const digests = (await framesOf(path)).map((f) => frameSha256Hex(ybrToRgb(f)));
      expect(digests, path).toEqual(expected[path]?.frames);
    }
  });

  test('Modality LUT: rescale and LUT sequences (apply_modality_lut); per-frame groups of enhanced images', async (context) => {
    requireReference(context);
    const paths = [...ours]
      .filter(
        ([p, o]) =>
          o.ok &&
          o.photometric.startsWith('MONOCHROME') &&
          !p.startsWith('series/') &&
          referenceResults?.[p]?.frames !== undefined,
      )
      .map(([p]) => p);
    const expected = await reference(paths, 'modality');
    let luts = 0;
    let perFrame = 0;
    for (const path of paths) {
      const r = expected[path];
      const dicom = await readDicomFile(corpusPath(path));
      if (path in MODALITY_REFERENCE_FAILS) {
        expect(r?.error, path).toBeDefined();
        expect(modalityTransformFor(dicom.dataset, 0)).toEqual({ kind: 'identity' });
        continue;
      }
      if (r?.samples === undefined || r.step === undefined)
        throw new Error(`${path}: reference failed: ${r?.error ?? ''}`);
      const frames = await framesOf(path);
      if (r.perFrameRescale !== undefined) {
        // pydicom 2.3.1 applies only image-level attributes: check the functional-group values read by pydicom instead.
        perFrame += 1;
        r.perFrameRescale.forEach((rescale, i) => {
          const transform = modalityTransformFor(dicom.dataset, i);
          if (rescale === null) return;
          expect(transform, `${path} frame ${i}`).toMatchObject({
            kind: 'rescale',
            RescaleSlope: rescale[0],
            RescaleIntercept: rescale[1],
          });
        });
        continue;
      }
      if (modalityTransformFor(dicom.dataset, 0).kind === 'lut') luts += 1;
      const values = modalityValues(frames[0] as DecodedFrame, dicom.dataset);
      r.samples.forEach((want, k) => {
        const got = values[k * (r.step as number)] as number;
        expect(
          Math.abs(got - want) / Math.max(1, Math.abs(want)),
          `${path} sample ${k}`,
        ).toBeLessThanOrEqual(1e-6);
      });
    }
    expect(luts).toBeGreaterThan(0);
    expect(perFrame).toBeGreaterThan(0);
  });
});

describe('radset pixels (CLI)', () => {
  const cli = async (
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> => {
    const script =
      "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, 'pixels', ...args],
        { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };

  test('--digest prints "<frame> <sha256>" per frame, matching the library (and pydicom)', async (context) => {
    requireCorpus(context);
    const path = 'syntaxes/jpegls_lossless/emri_small_jpeg_ls_lossless.dcm';
    const { code, stdout } = await cli(corpusPath(path), '--digest');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${i} [0-9a-f]{64}$`)));
    const digests = (await framesOf(path)).map(frameSha256Hex);
    expect(lines.map((l) => l.split(' ')[1])).toEqual(digests);
    if (referenceResults !== undefined) expect(digests).toEqual(referenceResults[path]?.frames);

    const one = await cli(corpusPath(path), '--frame', '3', '--digest');
    expect(one.stdout).toBe(`3 ${digests[3] ?? ''}\n`);
  });

  test('without --digest: a summary line per frame; errors map to catalogue exit codes', async (context) => {
    requireCorpus(context);
    const summary = await cli(corpusPath('syntaxes/explicit_vr_le/CT_small.dcm'));
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^0 128x128x1 int16 MONOCHROME2 min=-?\d+ max=\d+ codec=native/);

    const refused = await cli(corpusPath('edge/pixel_data_quirks/JPEG-lossy.dcm'), '--digest');
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain('DICOM_PIXEL_DECODE_FAILED');

    const outOfRange = await cli(
      corpusPath('syntaxes/explicit_vr_le/CT_small.dcm'),
      '--frame',
      '1',
    );
    expect(outOfRange.code).toBe(64);
    expect(outOfRange.stderr).toContain('INVALID_ARGUMENT');

    expect((await cli('--digest')).code).toBe(64);
    expect((await cli(corpusPath('does-not-exist.dcm'))).code).toBe(66);
  });
});
