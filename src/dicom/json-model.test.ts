import { describe, expect, it } from 'vitest';
import { Dataset, elementStrings, rawString } from './dataset.js';
import { datasetDifferences } from './dataset-equality.js';
import { DicomError } from './dicom-error.js';
import { fromDicomJson } from './json-model-in.js';
import { stringifyDicomJson, toDicomJson } from './json-model-out.js';
import type { DicomJsonDataset, ElementPath } from './json-model.js';
import { PIXEL_DATA_TAG } from './tag.js';
import { createDataset, setValue } from './value-encoder.js';

const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

function roundTrip(dataset: Dataset): Dataset {
  return fromDicomJson(
    JSON.parse(stringifyDicomJson(toDicomJson(dataset, { keepNumberText: true }))) as unknown,
  );
}

function invalid(json: unknown): DicomError {
  try {
    fromDicomJson(json);
  } catch (error) {
    if (error instanceof DicomError) return error;
    throw error;
  }
  throw new Error(`fromDicomJson accepted ${JSON.stringify(json)}`);
}

describe('toDicomJson (PS3.18 F.2)', () => {
  it('gives person names as component group objects, empty groups left out (F.2.2)', () => {
    const ds = createDataset({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
      ReferringPhysicianName: '=山田^太郎',
      OtherPatientNames: ['Doe^John', '', 'Roe^Jane='],
    });
    const json = toDicomJson(ds);
    expect(json['00100010']).toEqual({
      vr: 'PN',
      Value: [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }],
    });
    expect(json['00080090']).toEqual({ vr: 'PN', Value: [{ Ideographic: '山田^太郎' }] });
    expect(json['00101001']).toEqual({
      vr: 'PN',
      Value: [{ Alphabetic: 'Doe^John' }, null, { Alphabetic: 'Roe^Jane' }],
    });
  });

  it('leaves Value out of empty attributes and gives null for empty values of multi-valued ones (F.2.5)', () => {
    const ds = createDataset({
      AccessionNumber: '',
      ImageType: ['ORIGINAL', '', 'AXIAL'],
      PatientSex: '  ',
      PixelSpacing: '\\',
    });
    const json = toDicomJson(ds);
    expect(json['00080050']).toEqual({ vr: 'SH' });
    expect(json['00101040']).toBeUndefined();
    expect(json['00100040']).toEqual({ vr: 'CS' });
    expect(json['00080008']).toEqual({ vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] });
    expect(json['00280030']).toEqual({ vr: 'DS', Value: [null, null] });
  });

  it('gives AT values as GGGGEEEE strings', () => {
    const ds = createDataset({ FrameIncrementPointer: [0x00181063, 0x7fe00010] });
    expect(toDicomJson(ds)['00280009']).toEqual({ vr: 'AT', Value: ['00181063', '7FE00010'] });
  });

  it('gives numbers as JSON numbers, odd DS/IS text as strings, SV/UV beyond 2^53 as strings (F.2.3)', () => {
    const ds = createDataset({
      Rows: 512,
      PixelPaddingValue: { vr: 'SS', value: -2000 },
      SliceThickness: { vr: 'DS', value: '1.50' },
      ImagesInAcquisition: { vr: 'IS', value: '+5' },
      WindowCenter: { vr: 'DS', value: 'P1:\\40' },
      RescaleSlope: { vr: 'DS', value: '1e3' },
      '00089007': { vr: 'CS', value: 'ORIGINAL' },
      '0018A001': { vr: 'FD', value: [Number.NaN, Number.POSITIVE_INFINITY, -0.5] },
      '00720082': { vr: 'SV', value: [-5n, 2n ** 60n] },
      '00720083': { vr: 'UV', value: [7n, 2n ** 64n - 1n] },
    });
    const json = toDicomJson(ds);
    expect(json['00280010']).toEqual({ vr: 'US', Value: [512] });
    expect(json['00280120']).toEqual({ vr: 'SS', Value: [-2000] });
    expect(json['00180050']).toEqual({ vr: 'DS', Value: [1.5] });
    expect(json['00201002']).toEqual({ vr: 'IS', Value: [5] });
    expect(json['00281050']).toEqual({ vr: 'DS', Value: ['P1:', 40] });
    expect(json['00281053']).toEqual({ vr: 'DS', Value: [1000] });
    expect(json['0018A001']).toEqual({ vr: 'FD', Value: ['NaN', 'Infinity', -0.5] });
    expect(json['00720082']).toEqual({ vr: 'SV', Value: [-5, '1152921504606846976'] });
    expect(json['00720083']).toEqual({ vr: 'UV', Value: [7, '18446744073709551615'] });
    // keepNumberText: the text a number would not give back stays a string (F.2.3).
    const kept = toDicomJson(ds, { keepNumberText: true });
    expect(kept['00180050']).toEqual({ vr: 'DS', Value: ['1.50'] });
    expect(kept['00201002']).toEqual({ vr: 'IS', Value: ['+5'] });
    expect(kept['00281050']).toEqual({ vr: 'DS', Value: ['P1:', 40] });
  });

  it('gives sequences as arrays of item objects; an empty sequence has no Value', () => {
    const item = createDataset({
      ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      ReferencedSOPInstanceUID: '1.2.3',
    });
    const ds = createDataset({
      ReferencedImageSequence: [item, createDataset({})],
      ReferencedStudySequence: [],
    });
    const json = toDicomJson(ds);
    expect(json['00081140']).toEqual({
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
          '00081155': { vr: 'UI', Value: ['1.2.3'] },
        },
        {},
      ],
    });
    expect(json['00081110']).toEqual({ vr: 'SQ' });
  });

  it('gives binary values as little endian InlineBinary, also from a big endian data set (F.2.7)', () => {
    const le = createDataset({
      '00291010': { vr: 'OB', value: new Uint8Array([1, 2, 3]) },
      '00290010': 'ACME 1.0',
    });
    expect(toDicomJson(le)['00291010']).toEqual({
      vr: 'OB',
      InlineBinary: Buffer.from([1, 2, 3, 0]).toString('base64'),
    });
    expect(toDicomJson(le)['00290010']).toEqual({ vr: 'LO', Value: ['ACME 1.0'] });
    const be = new Dataset(false);
    setValue(be, 'RedPaletteColorLookupTableData', { vr: 'OW', value: [0x0102, 0x0304] });
    expect(toDicomJson(be)['00281201']).toEqual({
      vr: 'OW',
      InlineBinary: Buffer.from([2, 1, 4, 3]).toString('base64'),
    });
  });

  it('leaves out group lengths always and group 0002 unless asked (F.2.2)', () => {
    const ds = createDataset({
      '00080000': { vr: 'UL', value: 10 },
      TransferSyntaxUID: '1.2.840.10008.1.2.1',
      Modality: 'CT',
    });
    expect(Object.keys(toDicomJson(ds))).toEqual(['00080060']);
    expect(Object.keys(toDicomJson(ds, { includeFileMetaGroup: true }))).toEqual([
      '00020010',
      '00080060',
    ]);
  });

  it('gives a BulkDataURI for large binary values and for values a header-only read left unread', () => {
    const ds = createDataset({
      '00291010': { vr: 'OB', value: new Uint8Array(2000) },
      '00291011': { vr: 'OB', value: new Uint8Array(10) },
    });
    ds.set({
      tag: PIXEL_DATA_TAG,
      vr: 'OW',
      bytes: undefined,
      offset: 1234,
      length: 512,
      undefinedLength: false,
    });
    expect(toDicomJson(ds)['7FE00010']).toBeUndefined();
    const seen: ElementPath[] = [];
    const json = toDicomJson(ds, {
      bulkDataThresholdBytes: 100,
      bulkDataUri: (path, element) => {
        seen.push(path);
        return `bulk/${element.offset}`;
      },
    });
    expect(json['00291010']).toEqual({ vr: 'OB', BulkDataURI: 'bulk/0' });
    expect(json['00291011']?.InlineBinary).toBeDefined();
    expect(json['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'bulk/1234' });
    expect(seen).toEqual([
      { tags: [0x00291010], items: [] },
      { tags: [PIXEL_DATA_TAG], items: [] },
    ]);
  });

  it('gives encapsulated pixel data as its item stream', () => {
    const stream = new Uint8Array([
      0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0x00, 0xe0, 4, 0, 0, 0, 0xff, 0xd8, 0xff,
      0xd9,
    ]);
    const ds = new Dataset(true);
    ds.set({
      tag: PIXEL_DATA_TAG,
      vr: 'OB',
      bytes: stream,
      offset: 0,
      length: stream.length,
      undefinedLength: true,
      fragments: [
        { offset: 8, length: 0 },
        { offset: 16, length: 4 },
      ],
    });
    const json = toDicomJson(ds);
    expect(json['7FE00010']).toEqual({
      vr: 'OB',
      InlineBinary: Buffer.from(stream).toString('base64'),
    });
    const back = fromDicomJson(json, { transferSyntaxUid: JPEG_BASELINE });
    expect(back.elements.get(PIXEL_DATA_TAG)?.fragments).toEqual([
      { offset: 8, length: 0 },
      { offset: 16, length: 4 },
    ]);
    expect(datasetDifferences(ds, back)).toEqual([]);
  });
});

describe('stringifyDicomJson', () => {
  it('writes attributes in ascending tag order, even index-like keys, and keeps -0', () => {
    const ds = createDataset({
      Modality: 'MR',
      '20010010': 'Philips Imaging DD 001',
      '0018A001': { vr: 'FL', value: [-0] },
    });
    const text = stringifyDicomJson(toDicomJson(ds));
    expect(text).toBe(
      '{"00080060":{"vr":"CS","Value":["MR"]},"0018A001":{"vr":"FL","Value":[-0]},"20010010":{"vr":"LO","Value":["Philips Imaging DD 001"]}}',
    );
    expect(
      Object.is(
        (JSON.parse(text) as Record<string, { Value: number[] }>)['0018A001']?.Value[0],
        -0,
      ),
    ).toBe(true);
  });
});

describe('fromDicomJson', () => {
  it('rebuilds the data set toDicomJson describes', () => {
    const item = createDataset({
      CodeValue: '113100',
      CodingSchemeDesignator: 'DCM',
      CodeMeaning: 'Basic Application Confidentiality Profile',
    });
    const ds = createDataset({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: ['Yamada^Tarou=山田^太郎=やまだ^たろう', '', 'Doe'],
      ImageType: ['ORIGINAL', 'PRIMARY'],
      SliceThickness: { vr: 'DS', value: '1.50' },
      FrameIncrementPointer: 0x00181063,
      Rows: 512,
      PixelPaddingValue: { vr: 'SS', value: -2000 },
      '00720082': { vr: 'SV', value: [2n ** 62n] },
      DeidentificationMethodCodeSequence: [item],
      ReferencedStudySequence: [],
      '00290010': 'ACME 1.0',
      '00291010': { vr: 'OB', value: new Uint8Array([9, 8, 7]) },
      '00291011': { vr: 'UN', value: new Uint8Array([1, 2]) },
      AccessionNumber: '',
    });
    const back = roundTrip(ds);
    expect(datasetDifferences(ds, back)).toEqual([]);
    expect(back.sequence('DeidentificationMethodCodeSequence')?.[0]?.parent).toBe(back);
    expect(back.personNames('PatientName')?.[0]?.ideographic).toBe('山田^太郎');
  });

  it('encodes text in the Specific Character Set given in the same data set', () => {
    const back = fromDicomJson({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller' }] },
      '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
    });
    const element = back.elements.get(0x00100010);
    if (element === undefined) throw new Error('no PatientName');
    expect(rawString(element)).toBe('M\u00fcller');
    expect(elementStrings(back, element)).toEqual(['Müller']);
  });

  it('accepts DS/IS as strings or numbers, empty values as null, and FL specials as strings', () => {
    const back = fromDicomJson({
      '00280030': { vr: 'DS', Value: ['0.5', 0.25] },
      '00201002': { vr: 'IS', Value: [12] },
      '00080008': { vr: 'CS', Value: ['ORIGINAL', null] },
      '0018A001': { vr: 'FD', Value: ['NaN', 1.5] },
    });
    expect(back.strings('PixelSpacing')).toEqual(['0.5', '0.25']);
    expect(back.numbers('ImagesInAcquisition')).toEqual([12]);
    expect(back.strings('ImageType')).toEqual(['ORIGINAL', '']);
    expect(back.numbers(0x0018a001)).toEqual([Number.NaN, 1.5]);
  });

  it('fetches BulkDataURI values through the resolver', () => {
    const calls: string[] = [];
    const back = fromDicomJson(
      {
        '00091001': { vr: 'OB', BulkDataURI: 'https://example.org/bulk/1' },
        '00090010': { vr: 'LO', Value: ['ACME'] },
      },
      {
        resolveBulkData: (uri, path) => {
          calls.push(`${uri} ${path.tags.join('/')}`);
          return new Uint8Array([1, 2, 3, 4]);
        },
      },
    );
    expect(calls).toEqual([`https://example.org/bulk/1 ${0x00091001}`]);
    expect(back.bytes(0x00091001)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(() => fromDicomJson({ '00091001': { vr: 'OB', BulkDataURI: 'x' } })).toThrow(
      /no resolver/,
    );
  });

  it('names the JSON path of what is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [[], /at the top level: expected an object/],
      [{ PatientName: { vr: 'PN' } }, /key 'PatientName' is not a tag/],
      [{ '00100010': 'Doe' }, /at 00100010: expected an attribute object/],
      [{ '00100010': { Value: [] } }, /at 00100010\.vr: expected a VR/],
      [
        { '00100010': { vr: 'XX' } },
        /at 00100010\.vr: expected a VR such as "CS", found string "XX"/,
      ],
      [{ '00100010': { vr: 'PN', value: [] } }, /unexpected property "value"/],
      [{ '00100010': { vr: 'PN', Value: 'Doe' } }, /at 00100010\.Value: expected an array/],
      [
        { '00100010': { vr: 'PN', Value: ['Doe'] } },
        /at 00100010\.Value\[0\]: expected a person name object/,
      ],
      [
        { '00100010': { vr: 'PN', Value: [{ Alphabetical: 'Doe' }] } },
        /unexpected person name group "Alphabetical"/,
      ],
      [
        { '00280010': { vr: 'US', Value: [70000] } },
        /at 00280010\.Value\[0\]: expected an integer from 0 to 65535/,
      ],
      [{ '00280009': { vr: 'AT', Value: ['0018,1063'] } }, /expected a tag string GGGGEEEE/],
      [{ '00291010': { vr: 'OB', Value: [1, 2] } }, /VR OB takes InlineBinary or BulkDataURI/],
      [
        { '00291010': { vr: 'OB', InlineBinary: 'not base64!' } },
        /InlineBinary: expected a base64 string/,
      ],
      [{ '00100010': { vr: 'PN', InlineBinary: 'AAAA' } }, /InlineBinary is only for VRs/],
      [
        { '00291010': { vr: 'OB', InlineBinary: 'AAAA', BulkDataURI: 'x' } },
        /at most one is allowed/,
      ],
      [
        { '00081140': { vr: 'SQ', Value: [{ '00081150': { vr: 'UI', Value: [1] } }] } },
        /at 00081140\.Value\[0\]\.00081150\.Value\[0\]: expected a string/,
      ],
      [
        { '00081140': { vr: 'SQ', Value: ['item'] } },
        /at 00081140\.Value\[0\]: expected an object/,
      ],
      [
        { '00280008': { vr: 'IS', Value: [true] } },
        /expected a number or a numeric string, found boolean true/,
      ],
      [{ '00720082': { vr: 'SV', Value: ['12x'] } }, /expected a SV integer/],
      [
        { '00281201': { vr: 'OW', InlineBinary: 'AAAA' } },
        /3 bytes is not a whole number of 2-byte OW values/,
      ],
      [
        {
          '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
          '00100010': { vr: 'PN', Value: [{ Alphabetic: '山田' }] },
        },
        /at 00100010\.Value: /,
      ],
    ];
    for (const [json, message] of cases) {
      const error = invalid(json);
      expect(error.code).toBe('DICOM_INVALID_VALUE');
      expect(error.message).toMatch(message);
    }
    expect(invalid({ '00100010': { vr: 'PN', Value: ['Doe'] } }).element).toBe(
      '(0010,0010) PatientName',
    );
  });

  it('reads top-level pixel data of an encapsulated syntax as items, and says when it is not', () => {
    const json: DicomJsonDataset = {
      '7FE00010': { vr: 'OB', InlineBinary: Buffer.from([1, 2, 3, 4]).toString('base64') },
    };
    expect(fromDicomJson(json).elements.get(PIXEL_DATA_TAG)?.fragments).toBeUndefined();
    expect(() => fromDicomJson(json, { transferSyntaxUid: JPEG_BASELINE })).toThrow(
      /encapsulated pixel data: the data ends inside an item header/,
    );
    expect(() => fromDicomJson(json, { transferSyntaxUid: '1.2.3.4' })).toThrow(
      /unknown transfer syntax/,
    );
    // An icon in an item may stay native.
    const icon = fromDicomJson(
      { '00880200': { vr: 'SQ', Value: [json] } },
      { transferSyntaxUid: JPEG_BASELINE },
    );
    expect(
      icon.sequence('IconImageSequence')?.[0]?.elements.get(PIXEL_DATA_TAG)?.fragments,
    ).toBeUndefined();
  });
});
