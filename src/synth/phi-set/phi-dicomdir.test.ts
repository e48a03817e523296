import { beforeAll, describe, expect, it } from 'vitest';
import { parsePart10, type DicomFile } from '../../dicom/index.js';
import {
  encodeDicomdir,
  MEDIA_STORAGE_DIRECTORY_STORAGE,
  type EncodedDicomdir,
} from './phi-dicomdir.js';
import { phiSetObjects } from './generate-phi-set.js';
import { fileIdOf, type PhiObject } from './phi-object.js';

interface RecordAt {
  readonly next: number;
  readonly lower: number;
  readonly type: string;
}

/**
 * Reads a directory record at a byte offset of the file, independently of
 * the parser: an Item tag, then (0004,1400) UL, (0004,1410) US, (0004,1420) UL
 * and (0004,1430) CS in explicit VR little endian (PS3.3 F.3.2.2).
 */
function recordAt(bytes: Uint8Array, offset: number): RecordAt {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(offset, true), `item tag at ${offset}`).toBe(0xe000fffe);
  const next = view.getUint32(offset + 8 + 8, true);
  const lower = view.getUint32(offset + 8 + 12 + 10 + 8, true);
  const typeAt = offset + 8 + 12 + 10 + 12;
  expect(view.getUint32(typeAt, true)).toBe(0x14300004);
  const length = view.getUint16(typeAt + 6, true);
  const type = String.fromCharCode(...bytes.subarray(typeAt + 8, typeAt + 8 + length)).trim();
  return { next, lower, type };
}

describe('encodeDicomdir', () => {
  let objects: PhiObject[];
  let dicomdir: EncodedDicomdir;
  let file: DicomFile;

  beforeAll(async () => {
    objects = await phiSetObjects('dicomdir-test');
    dicomdir = encodeDicomdir('dicomdir-test', objects);
    file = parsePart10(dicomdir.bytes);
  });

  it('is a Media Storage Directory with one record per patient, study, series and object', () => {
    expect(file.meta.string('MediaStorageSOPClassUID')).toBe(MEDIA_STORAGE_DIRECTORY_STORAGE);
    const records = file.dataset.sequence('DirectoryRecordSequence') ?? [];
    const types = records.map((r) => r.string('DirectoryRecordType'));
    const count = (type: string): number => types.filter((t) => t === type).length;
    expect(count('PATIENT')).toBe(3);
    expect(count('STUDY')).toBe(new Set(objects.map((o) => o.series.study.studyInstanceUid)).size);
    expect(count('SERIES')).toBe(new Set(objects.map((o) => o.series.seriesInstanceUid)).size);
    expect(records.length - count('PATIENT') - count('STUDY') - count('SERIES')).toBe(
      objects.length,
    );
  });

  it('links records by byte offsets from the start of the file', () => {
    const records = file.dataset.sequence('DirectoryRecordSequence') ?? [];
    const visited: string[] = [];
    const walk = (offset: number): void => {
      for (let at = offset; at !== 0;) {
        const record = recordAt(dicomdir.bytes, at);
        visited.push(record.type);
        if (record.lower !== 0) walk(record.lower);
        at = record.next;
      }
    };
    const first =
      file.dataset.number('OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity') ?? 0;
    const last = file.dataset.number('OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity') ?? 0;
    walk(first);
    // Depth first from the root reaches every record, in the order they are stored.
    expect(visited).toEqual(records.map((r) => r.string('DirectoryRecordType')));
    expect(recordAt(dicomdir.bytes, last)).toMatchObject({ type: 'PATIENT', next: 0 });
  });

  it('points instance records at the objects, in their patients character sets', () => {
    const records = file.dataset.sequence('DirectoryRecordSequence') ?? [];
    const instances = records.filter((r) => r.has('ReferencedFileID'));
    expect(instances.map((r) => r.strings('ReferencedFileID')?.join('/'))).toEqual(
      objects.map((o) => fileIdOf(o).join('/')),
    );
    expect(instances.map((r) => r.string('ReferencedSOPInstanceUIDInFile'))).toEqual(
      objects.map((o) => o.sopInstanceUid),
    );
    const patients = records.filter((r) => r.string('DirectoryRecordType') === 'PATIENT');
    expect(patients.map((r) => r.string('PatientName'))).toEqual([
      ...new Set(objects.map((o) => o.series.study.patient.name)),
    ]);
    expect(patients[2]?.characterSets()).toEqual(['', 'ISO 2022 IR 87']);
  });

  it('plants the names, IDs and dates its records carry', () => {
    const locations = new Set(dicomdir.plants.map((p) => p.location.replace(/\[\d+\]/, '[n]')));
    for (const tag of ['(0010,0010)', '(0010,0020)', '(0010,0030)', '(0008,0020)', '(0008,0050)'])
      expect(locations).toContain(`(0004,1220)[n]/${tag}`);
  });
});
