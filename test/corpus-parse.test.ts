/**
 * Reads every file of the shared corpus (../shared/corpus/MANIFEST.csv) and
 * checks the outcome its expectation class calls for (corpus README, "Files
 * any DICOM reader ought to parse", "Lenient parse", "Expected to fail").
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DICOM_ERROR_CODES,
  DicomError,
  PIXEL_DATA_TAG,
  readDicomFile,
  tagHex,
  type Dataset,
  type DicomErrorCode,
  type DicomFile,
  type ReadDicomFileOptions,
} from '../src/dicom/index.js';
import {
  corpusAvailable,
  loadManifest,
  requireCorpus,
  type ManifestEntry,
} from './support/corpus.js';

/** What one read of a file must do. */
type Outcome =
  /** Parses (warnings or not). */
  | 'parses'
  /** Parses, and the warnings include this code: a documented recovery. */
  | { readonly warns: string }
  /** Throws a DicomError with this code, naming the file. */
  | { readonly throws: DicomErrorCode };

interface FailExpectation {
  /** A full read (pixel data included). */
  readonly full: Outcome;
  /** A header-only read (stops before (7FE0,0010)). */
  readonly header: Outcome;
  /** Why, from the corpus README and what dcmtk/pydicom do. */
  readonly why: string;
}

/**
 * The EXPECT-FAIL files, one by one: a clear error with a stable code, or a
 * documented recovery as lenient readers (pydicom, fo-dicom, dcm4che) do.
 */
const EXPECT_FAIL: Readonly<Record<string, FailExpectation>> = {
  'edge/bad_vr_length_delimiters/DIRW0007': {
    full: { warns: 'STRAY_DELIMITER' },
    header: 'parses',
    why: 'item/sequence delimiter mix-up in the pixel data: the stray delimiter is skipped (pydicom and fo-dicom recover; dcmtk fails)',
  },
  'edge/bad_vr_length_delimiters/FreezePattern.dcm': {
    full: { warns: 'IMPLICIT_IN_EXPLICIT' },
    header: { warns: 'INVALID_VALUE' },
    why: 'items encoded without explicit VRs inside an explicit VR data set: read as implicit VR, as pydicom does',
  },
  'edge/bad_vr_length_delimiters/GH1339.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: 'parses',
    why: 'encapsulated pixel data has no sequence delimitation item before the end of the file',
  },
  'edge/bad_vr_length_delimiters/GH364.dcm': {
    full: { warns: 'IMPLICIT_IN_EXPLICIT' },
    header: { warns: 'META_GROUP_LENGTH' },
    why: 'wrong (0002,0000) and implicit-VR items in an explicit VR data set: both recovered from',
  },
  'edge/bad_vr_length_delimiters/SC_rgb_jpeg.dcm': {
    full: { warns: 'TRANSFER_SYNTAX_MISMATCH' },
    header: { warns: 'TRANSFER_SYNTAX_MISMATCH' },
    why: 'the body is implicit VR although the transfer syntax is explicit: read as encoded',
  },
  'edge/bad_vr_length_delimiters/Tag-0040-A170-VR-CS.dcm': {
    full: { warns: 'IMPLICIT_SQ_NOT_ITEMS' },
    header: { warns: 'IMPLICIT_SQ_NOT_ITEMS' },
    why: "(0040,A170) holds CS text (its retired meaning) where today's dictionary says SQ: kept as UN, as dcm4che does",
  },
  'edge/compressed_container/zipMR.gz': {
    full: { warns: 'GZIP_WRAPPED' },
    header: { warns: 'GZIP_WRAPPED' },
    why: 'gzip of MR_small.dcm: gunzipped and read ("reject or gunzip first")',
  },
  'edge/no_preamble_or_no_meta/no_preamble_dicm_in_data': {
    full: { warns: 'DICM_NOT_META' },
    header: { warns: 'DICM_NOT_META' },
    why: "bytes 128-131 read 'DICM' but no meta header follows: read as a bare data set, as dcm4che does",
  },
  'edge/truncated/3gb-bulk-data-truncated': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: 'parses',
    why: 'declares 3 GiB of pixel data in a ~100 KB file',
  },
  'edge/truncated/GH179B.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: { throws: 'DICOM_TRUNCATED' },
    why: "(0028,0120)'s length runs past the end of the file",
  },
  'edge/truncated/GH626.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: { throws: 'DICOM_TRUNCATED' },
    why: 'a bogus length leaves a partial element header at the end of the file',
  },
  'edge/truncated/MR_truncated.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: 'parses',
    why: 'pixel data cut short; the header is whole',
  },
  'edge/truncated/emri_small_jpeg_2k_lossless_too_short.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: 'parses',
    why: 'encapsulated pixel data cut short; the header is whole',
  },
  'edge/truncated/rtplan_truncated.dcm': {
    full: { throws: 'DICOM_TRUNCATED' },
    header: { throws: 'DICOM_TRUNCATED' },
    why: '(300A,00B0) BeamSequence runs past the end of the file',
  },
};

/**
 * Files the reader does not yet handle as the manifest says; each test is
 * marked as failing (`it.fails`) so that fixing the reader flips it and the
 * entry must be removed.
 */
const KNOWN_READER_GAPS: Readonly<Record<string, string>> = {};

type ReadResult =
  | { readonly file: DicomFile; readonly error?: undefined }
  | { readonly file?: undefined; readonly error: unknown };

async function read(entry: ManifestEntry, options: ReadDicomFileOptions = {}): Promise<ReadResult> {
  try {
    return { file: await readDicomFile(entry.file, options) };
  } catch (error) {
    return { error };
  }
}

function describeOutcome(result: ReadResult): string {
  if (result.file !== undefined)
    return `parsed with warnings [${result.file.warnings.map((w) => w.code).join(', ')}]`;
  return result.error instanceof DicomError
    ? `threw ${result.error.code}: ${result.error.message}`
    : `threw ${String(result.error)}`;
}

function expectOutcome(entry: ManifestEntry, result: ReadResult, outcome: Outcome): void {
  const actual = describeOutcome(result);
  if (outcome === 'parses' || 'warns' in outcome) {
    expect(result.file, actual).toBeDefined();
    if (outcome !== 'parses')
      expect(
        result.file?.warnings.map((w) => w.code),
        actual,
      ).toContain(outcome.warns);
    return;
  }
  expect(result.error, actual).toBeInstanceOf(DicomError);
  const error = result.error as DicomError;
  expect(error.code, actual).toBe(outcome.throws);
  expect(error.file).toBe(entry.file);
  expect(error.message).toContain(entry.file);
}

/** A comparable picture of a data set: every element's tag, VR, length and a digest of its value. */
function shape(dataset: Dataset, belowTag = 0x1_0000_0000): unknown[] {
  return dataset
    .tags()
    .filter((tag) => tag < belowTag)
    .map((tag) => {
      const element = dataset.elements.get(tag);
      const value = dataset.bytes(tag);
      return [
        tagHex(tag),
        element?.vr,
        element?.length,
        element?.undefinedLength,
        value === undefined ? 'not loaded' : createHash('sha1').update(value).digest('hex'),
        element?.items?.map((item) => shape(item)),
        element?.fragments?.length,
      ];
    });
}

if (!corpusAvailable()) {
  it('reads the shared corpus', (context) => requireCorpus(context));
} else {
  const manifest = loadManifest();
  const ofClass = (...classes: ManifestEntry['expectation'][]): ManifestEntry[] =>
    manifest.filter((e) => classes.includes(e.expectation));

  describe('parse-ok files parse with no error (warnings allowed)', () => {
    it.each(ofClass('parse-ok', 'pixel-fail').map((e) => [e.path, e] as const))(
      '%s',
      async (_path, entry) => {
        const result = await read(entry);
        expect(result.error, describeOutcome(result)).toBeUndefined();
        expect(result.file?.dataset.elements.size).toBeGreaterThan(0);
      },
    );
  });

  describe('a header-only read gives the same elements before the pixel data as a full read', () => {
    it.each(ofClass('parse-ok', 'pixel-fail').map((e) => [e.path, e] as const))(
      '%s',
      async (_path, entry) => {
        const full = await readDicomFile(entry.file);
        const header = await readDicomFile(entry.file, {
          headerOnly: true,
          initialChunkBytes: 4096,
        });
        expect(shape(header.meta)).toEqual(shape(full.meta));
        expect(shape(header.dataset, PIXEL_DATA_TAG)).toEqual(shape(full.dataset, PIXEL_DATA_TAG));
        expect(header.transferSyntaxUid).toBe(full.transferSyntaxUid);
      },
    );
  });

  describe('lenient files parse and say what they recovered from', () => {
    it.each(ofClass('lenient-parse').map((e) => [e.path, e] as const))(
      '%s',
      async (_path, entry) => {
        for (const options of [{}, { headerOnly: true }]) {
          const result = await read(entry, options);
          expect(result.error, describeOutcome(result)).toBeUndefined();
          expect(
            result.file?.warnings.length,
            `no warning from ${JSON.stringify(options)} read`,
          ).toBeGreaterThan(0);
        }
      },
    );
  });

  describe('EXPECT-FAIL files throw a clear DicomError or recover with a warning', () => {
    it.each(ofClass('expect-fail').map((e) => [e.path, e] as const))('%s', async (path, entry) => {
      const expected = EXPECT_FAIL[path];
      const full = await read(entry);
      if (expected === undefined) {
        // A file this table does not know (another corpus version): either outcome, done clearly.
        if (full.file !== undefined)
          expect(full.file.warnings.length, describeOutcome(full)).toBeGreaterThan(0);
        else {
          expect(full.error, describeOutcome(full)).toBeInstanceOf(DicomError);
          expect((full.error as DicomError).message).toContain(entry.file);
          expect(DICOM_ERROR_CODES).toContain((full.error as DicomError).code);
        }
        return;
      }
      expectOutcome(entry, full, expected.full);
      expectOutcome(entry, await read(entry, { headerOnly: true }), expected.header);
    });

    it('the table lists only EXPECT-FAIL rows', () => {
      const misfiled = manifest
        .filter((e) => e.path in EXPECT_FAIL && e.expectation !== 'expect-fail')
        .map((e) => e.path);
      expect(misfiled).toEqual([]);
    });
  });

  describe('files that are not DICOM are rejected as such', () => {
    for (const entry of ofClass('not-dicom-data')) {
      const gap = KNOWN_READER_GAPS[entry.path];
      (gap === undefined ? it : it.fails)(
        gap === undefined ? entry.path : `${entry.path} (known gap: ${gap})`,
        async () => {
          const result = await read(entry, { headerOnly: true });
          expect(result.error, describeOutcome(result)).toBeInstanceOf(DicomError);
          expect((result.error as DicomError).code, describeOutcome(result)).toBe(
            'DICOM_NOT_DICOM',
          );
        },
      );
    }
  });

  describe('edge/truncated/3gb-bulk-data-truncated', () => {
    const entry = manifest.find((e) => e.path === 'edge/truncated/3gb-bulk-data-truncated');
    it('parses header-only, and a full read fails without allocating 3 GiB', async () => {
      expect(entry, 'MANIFEST.csv lists the file').toBeDefined();
      if (entry === undefined) return;
      const before = process.memoryUsage();
      const header = await readDicomFile(entry.file, { headerOnly: true });
      expect(header.headerOnly).toBe(true);
      const pixelData = header.dataset.element(PIXEL_DATA_TAG);
      expect(pixelData?.length).toBe(3 * 2 ** 30);
      expect(pixelData?.bytes).toBeUndefined();

      const full = await read(entry);
      expectOutcome(entry, full, { throws: 'DICOM_TRUNCATED' });
      const after = process.memoryUsage();
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 2 ** 20);
      expect(after.rss - before.rss).toBeLessThan(256 * 2 ** 20);
    });
  });
}
