import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inspectFile,
  listFiles,
  scanPaths,
  sniffNonDicomFormat,
  summarizeInspections,
  type FileInspection,
} from './inspect.js';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';

/** One explicit VR little endian element (PS3.5 section 7.1.2); values padded to even length. */
function element(
  group: number,
  elementNumber: number,
  vr: string,
  value: Buffer | string,
  declaredLength?: number,
): Buffer {
  let bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (bytes.length % 2 === 1)
    bytes = Buffer.concat([bytes, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
  const length = declaredLength ?? bytes.length;
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(length, 8);
  else header.writeUInt16LE(length, 6);
  return Buffer.concat([header, bytes]);
}

/** A small Part 10 file: preamble, meta header, then `dataset` (PS3.10 section 7.1). */
function part10(dataset: Buffer[]): Buffer {
  const metaBody = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', CT_IMAGE_STORAGE),
    element(0x0002, 0x0003, 'UI', '1.2.3.4'),
    element(0x0002, 0x0010, 'UI', EXPLICIT_VR_LE),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM'),
    element(0x0002, 0x0000, 'UL', groupLength),
    metaBody,
    ...dataset,
  ]);
}

const CT_DATASET = [
  element(0x0008, 0x0016, 'UI', CT_IMAGE_STORAGE),
  element(0x0008, 0x0018, 'UI', '1.2.3.4'),
  element(0x0008, 0x0060, 'CS', 'CT'),
  element(0x0010, 0x0010, 'PN', 'DOE^JANE'),
];

function niftiHeader(littleEndian: boolean): Buffer {
  const header = Buffer.alloc(352);
  if (littleEndian) header.writeInt32LE(348, 0);
  else header.writeInt32BE(348, 0);
  header.write('n+1\0', 344, 'latin1');
  return header;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radset-inspect-'));
  mkdirSync(join(dir, 'series', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'series', 'IM2'), part10(CT_DATASET));
  writeFileSync(join(dir, 'series', 'nested', 'IM10'), part10(CT_DATASET));
  // (0010,0010) claims 200 bytes and the file ends after 8.
  writeFileSync(
    join(dir, 'series', 'broken.dcm'),
    part10([...CT_DATASET.slice(0, 3), element(0x0010, 0x0010, 'PN', 'DOE^JANE', 200)]),
  );
  // Pixel data declares 1000 bytes; the file holds 10 of them.
  writeFileSync(
    join(dir, 'series', 'short-pixels.dcm'),
    part10([...CT_DATASET, element(0x7fe0, 0x0010, 'OW', Buffer.alloc(10), 1000)]),
  );
  writeFileSync(join(dir, 'anat.nii'), niftiHeader(false));
  writeFileSync(join(dir, 'notes.txt'), 'scan notes\n');
  writeFileSync(join(dir, 'sidecar.json'), '{ "EchoTime": 0.03 }\n');
  symlinkSync('..', join(dir, 'series', 'nested', 'loop'));
  symlinkSync('IM2', join(dir, 'series', 'same-as-IM2'));
  symlinkSync('does-not-exist', join(dir, 'dangling'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sniffNonDicomFormat', () => {
  it('recognises NIfTI-1 in either byte order, NIfTI-2, NRRD, gzip, JSON and text', () => {
    expect(sniffNonDicomFormat(niftiHeader(true))).toBe('NIfTI-1');
    expect(sniffNonDicomFormat(niftiHeader(false))).toBe('NIfTI-1');
    const nifti2 = Buffer.alloc(544);
    nifti2.writeInt32LE(540, 0);
    nifti2.write('n+2\0', 4, 'latin1');
    expect(sniffNonDicomFormat(nifti2)).toBe('NIfTI-2');
    expect(sniffNonDicomFormat(Buffer.from('NRRD0004\ntype: short\n'))).toBe('NRRD');
    expect(sniffNonDicomFormat(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(sniffNonDicomFormat(Buffer.from('  {"a": 1}'))).toBe('JSON');
    expect(sniffNonDicomFormat(Buffer.from('0 1000 1000\n'))).toBe('text');
    expect(sniffNonDicomFormat(part10(CT_DATASET))).toBeUndefined();
  });
});

describe('listFiles', () => {
  it('walks folders depth-first in name order, follows links once and survives link loops', async () => {
    const listed = await listFiles([dir]);
    const names = listed.map((f) => f.path.slice(dir.length + 1));
    expect(names).toEqual([
      'anat.nii',
      'dangling',
      'notes.txt',
      'series/IM2',
      'series/broken.dcm',
      'series/nested/IM10',
      'series/short-pixels.dcm',
      'sidecar.json',
    ]);
    expect(listed.find((f) => f.path.endsWith('dangling'))?.error?.code).toBe(
      'DICOM_FILE_READ_FAILED',
    );
    expect(
      listed.filter((f) => f.path !== join(dir, 'dangling')).every((f) => f.error === undefined),
    ).toBe(true);
  });

  it('takes files as well as folders, and reports a missing root', async () => {
    const listed = await listFiles([join(dir, 'notes.txt'), join(dir, 'nope')]);
    expect(listed.map((f) => [f.path, f.error?.code])).toEqual([
      [join(dir, 'notes.txt'), undefined],
      [join(dir, 'nope'), 'DICOM_FILE_READ_FAILED'],
    ]);
  });
});

describe('inspectFile', () => {
  it('describes a DICOM file from its header', async () => {
    const inspection = await inspectFile(join(dir, 'series', 'IM2'));
    expect(inspection).toMatchObject({
      kind: 'dicom',
      format: 'DICOM',
      sopClassUid: CT_IMAGE_STORAGE,
      sopClassName: 'CT Image Storage',
      transferSyntaxUid: EXPLICIT_VR_LE,
      transferSyntaxName: 'Explicit VR Little Endian',
      modality: 'CT',
      warnings: [],
      error: undefined,
    });
  });

  it('keeps the code, offset and element of a damaged DICOM file', async () => {
    const inspection = await inspectFile(join(dir, 'series', 'broken.dcm'));
    expect(inspection.kind).toBe('dicom');
    expect(inspection.error?.code).toBe('DICOM_TRUNCATED');
    expect(inspection.error?.element).toBe('(0010,0010) PatientName');
    expect(typeof inspection.error?.offset).toBe('number');
  });

  it('flags pixel data declared longer than the file, without reading it', async () => {
    const inspection = await inspectFile(join(dir, 'series', 'short-pixels.dcm'));
    expect(inspection).toMatchObject({
      kind: 'dicom',
      modality: 'CT',
      sopClassName: 'CT Image Storage',
    });
    expect(inspection.error).toMatchObject({
      code: 'DICOM_TRUNCATED',
      element: '(7FE0,0010) PixelData',
    });
    expect(inspection.error?.message).toContain('pixel data of 1000 bytes');
  });

  it('says what a non-DICOM file looks like', async () => {
    expect(await inspectFile(join(dir, 'anat.nii'))).toMatchObject({
      kind: 'not-dicom',
      format: 'NIfTI-1',
      error: undefined,
    });
    expect(await inspectFile(join(dir, 'notes.txt'))).toMatchObject({
      kind: 'not-dicom',
      format: 'text',
      error: undefined,
    });
    expect(await inspectFile(join(dir, 'sidecar.json'))).toMatchObject({
      kind: 'not-dicom',
      format: 'JSON',
    });
  });

  it('reports a file it cannot read instead of throwing', async () => {
    const inspection = await inspectFile(join(dir, 'nope'));
    expect(inspection).toMatchObject({
      kind: 'unreadable',
      error: { code: 'DICOM_FILE_READ_FAILED' },
    });
  });
});

describe('scanPaths and summarizeInspections', () => {
  it('counts kinds, warnings, errors, SOP classes and transfer syntaxes', async () => {
    const report = await scanPaths([dir], { concurrency: 2 });
    expect(report.roots).toEqual([dir]);
    expect(report.files).toHaveLength(8);
    expect(report.summary).toEqual({
      files: 8,
      dicom: 4,
      notDicom: 3,
      unreadable: 1,
      withWarnings: 0,
      withErrors: 3,
      // broken.dcm fails in its header, so its SOP class is unknown; short-pixels.dcm's is known.
      bySopClass: [{ uid: CT_IMAGE_STORAGE, name: 'CT Image Storage', count: 3 }],
      byTransferSyntax: [{ uid: EXPLICIT_VR_LE, name: 'Explicit VR Little Endian', count: 3 }],
    });
  });

  it('sorts counts by frequency and names files without a UID', () => {
    const base: FileInspection = {
      path: 'x',
      sizeBytes: 1,
      kind: 'dicom',
      format: 'DICOM',
      sopClassUid: undefined,
      sopClassName: undefined,
      transferSyntaxUid: '1.2.840.10008.1.2',
      transferSyntaxName: 'Implicit VR Little Endian',
      modality: undefined,
      manufacturer: undefined,
      studyInstanceUid: undefined,
      seriesInstanceUid: undefined,
      sopInstanceUid: undefined,
      warnings: [{ code: 'NO_META', message: 'no meta' }],
      error: undefined,
      reason: undefined,
    };
    const summary = summarizeInspections([
      base,
      { ...base, sopClassUid: '1.2.3', warnings: [] },
      { ...base, sopClassUid: '1.2.3' },
    ]);
    expect(summary.withWarnings).toBe(2);
    expect(summary.bySopClass).toEqual([
      { uid: '1.2.3', name: '(unknown UID)', count: 2 },
      { uid: '', name: '(none)', count: 1 },
    ]);
  });
});
