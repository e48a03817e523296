import { describe, expect, it } from 'vitest';
import { datasetDifferences } from './dataset-equality.js';
import { DicomError } from './dicom-error.js';
import { parsePart10 } from './part10.js';
import { IMPLICIT_VR_LITTLE_ENDIAN } from './transfer-syntax.js';
import { createDataset } from './value-encoder.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, writeDataset } from './writer.js';
import { part10Prefix, wrapPart10 } from './part10-wrap.js';

const dataset = createDataset({
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
  SOPInstanceUID: '2.25.42',
  PatientName: 'Doe^Jane',
  Rows: 2,
});

describe('wrapPart10', () => {
  it('puts a File Meta Information group before the data set bytes, which are kept verbatim', () => {
    const body = writeDataset(dataset, IMPLICIT_VR_LITTLE_ENDIAN);
    // Given as two chunks, as a DIMSE receiver would.
    const file = wrapPart10({
      datasetBytes: [body.subarray(0, 10), body.subarray(10)],
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
      sopInstanceUid: '2.25.42',
      transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN,
      sourceApplicationEntityTitle: 'MODALITY',
      sendingApplicationEntityTitle: 'MODALITY',
      receivingApplicationEntityTitle: 'RADSET',
    });
    const parsed = parsePart10(file);
    expect(parsed.hasPreamble).toBe(true);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.meta.string('MediaStorageSOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect(parsed.meta.string('MediaStorageSOPInstanceUID')).toBe('2.25.42');
    expect(parsed.meta.string('TransferSyntaxUID')).toBe(IMPLICIT_VR_LITTLE_ENDIAN);
    expect(parsed.meta.string('ImplementationClassUID')).toBe(IMPLEMENTATION_CLASS_UID);
    expect(parsed.meta.string('ImplementationVersionName')).toBe(IMPLEMENTATION_VERSION_NAME);
    expect(parsed.meta.string('SourceApplicationEntityTitle')).toBe('MODALITY');
    expect(parsed.meta.string('SendingApplicationEntityTitle')).toBe('MODALITY');
    expect(parsed.meta.string('ReceivingApplicationEntityTitle')).toBe('RADSET');
    expect(Array.from(parsed.meta.bytes('FileMetaInformationVersion') ?? [])).toEqual([0, 1]);
    expect(file.subarray(parsed.datasetOffset)).toEqual(body);
    expect(datasetDifferences(parsed.dataset, dataset)).toEqual([]);
  });

  it('leaves out AE titles not given', () => {
    const prefix = part10Prefix({
      sopClassUid: '1.2.3',
      sopInstanceUid: '1.2.3.4',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    const meta = parsePart10(prefix).meta;
    expect(meta.has('SourceApplicationEntityTitle')).toBe(false);
    // Odd-length UIDs are padded with NUL to even length (PS3.5 9.1).
    expect(meta.bytes('MediaStorageSOPClassUID')).toEqual(new Uint8Array([49, 46, 50, 46, 51, 0]));
  });

  it('refuses values that cannot be written, naming the element', () => {
    const base = {
      sopClassUid: '1.2',
      sopInstanceUid: '1.2.3',
      transferSyntaxUid: '1.2.840.10008.1.2',
    };
    expect(() => part10Prefix({ ...base, sopInstanceUid: '' })).toThrow(DicomError);
    expect(() => part10Prefix({ ...base, sopInstanceUid: '1.'.repeat(40) })).toThrow(
      /MediaStorageSOPInstanceUID/,
    );
    expect(() => part10Prefix({ ...base, sourceApplicationEntityTitle: 'A'.repeat(17) })).toThrow(
      /SourceApplicationEntityTitle/,
    );
  });
});
