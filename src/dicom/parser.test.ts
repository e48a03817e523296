import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';
import { datasetDifferences } from './dataset-equality.js';
import { readDicomFileSync } from './file-reader.js';
import type { DicomWarning } from './dicom-error.js';
import { parseDataset } from './parser.js';
import { parsePart10 } from './part10.js';
import { lookupKeyword, lookupPrivate, lookupTag, lookupUid, tagOf } from './dictionary.js';
import { formatTag, makeTag, parseTag } from './tag.js';
import { createDataset } from './value-encoder.js';
import { writePart10 } from './writer.js';

const corpus = new URL('../../../shared/corpus/', import.meta.url);

function sample(): Dataset {
  const dataset = createDataset({
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: '2.25.1234',
    PatientName: 'Doe^Jane',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    Rows: 2,
    Columns: 2,
    PixelSpacing: [0.5, 0.75],
    InstanceNumber: 7,
    '00290010': 'ACME 1.0',
    '00291001': { vr: 'LO', value: 'private value' },
  });
  const item = createDataset(
    { CodeValue: 'T-D0050', CodingSchemeDesignator: 'SRT', CodeMeaning: 'Tissue' },
    dataset,
  );
  dataset.set({
    tag: tagOf('AnatomicRegionSequence'),
    vr: 'SQ',
    bytes: new Uint8Array(0),
    offset: 0,
    length: 0,
    undefinedLength: true,
    items: [item],
  });
  dataset.set({
    tag: tagOf('PixelData'),
    vr: 'OW',
    bytes: Uint8Array.from([1, 0, 2, 0, 3, 0, 4, 0]),
    offset: 0,
    length: 8,
    undefinedLength: false,
  });
  return dataset;
}

describe('dictionary', () => {
  it('looks up standard, repeating-group and private elements', () => {
    expect(lookupKeyword('PatientName')?.tag).toBe(0x00100010);
    expect(lookupTag(0x00280010)?.keyword).toBe('Rows');
    expect(lookupTag(0x60003000)?.keyword).toBe('OverlayData');
    expect(lookupTag(0x60023000)?.keyword).toBe('OverlayData');
    expect(lookupUid('1.2.840.10008.1.2.4.201')?.name).toContain('High-Throughput');
    // Private elements are found by creator whatever block the file reserved.
    expect(lookupPrivate('SIEMENS CSA HEADER', makeTag(0x0029, 0x1010))?.vr).toBe('OB');
    expect(lookupPrivate('SIEMENS CSA HEADER', makeTag(0x0029, 0x1110))?.vr).toBe('OB');
  });

  it('formats and parses tags', () => {
    expect(formatTag(0x7fe00010)).toBe('(7FE0,0010)');
    expect(parseTag('(0010,0010)')).toBe(0x00100010);
    expect(parseTag('7fe00010')).toBe(0x7fe00010);
    expect(parseTag('nope')).toBeUndefined();
  });
});

describe('parsing written data sets in every native transfer syntax', () => {
  for (const uid of [
    '1.2.840.10008.1.2',
    '1.2.840.10008.1.2.1',
    '1.2.840.10008.1.2.2',
    '1.2.840.10008.1.2.1.99',
  ]) {
    it(`reads back values written as ${uid}`, () => {
      const written = writePart10({ dataset: sample(), transferSyntaxUid: uid });
      const file = parsePart10(written);
      expect(file.transferSyntaxUid).toBe(uid);
      expect(file.hasPreamble).toBe(true);
      const ds = file.dataset;
      expect(ds.string('PatientName')).toBe('Doe^Jane');
      expect(ds.strings('ImageType')).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
      expect(ds.numbers('Rows')).toEqual([2]);
      expect(ds.numbers('PixelSpacing')).toEqual([0.5, 0.75]);
      expect(ds.number('InstanceNumber')).toBe(7);
      expect(ds.sequence('AnatomicRegionSequence')?.[0]?.string('CodeMeaning')).toBe('Tissue');
      const privateTag = ds.privateTag(0x0029, 'ACME 1.0', 0x01);
      expect(privateTag).toBe(0x00291001);
      expect(privateTag === undefined ? undefined : ds.string(privateTag)).toBe('private value');
      expect(ds.numbers('PixelData')).toEqual([1, 2, 3, 4]);
      // Implicit VR carries no VR: an unknown private element can only read back as UN.
      const expected = uid === '1.2.840.10008.1.2' ? ['(0029,1001): VR LO vs UN'] : [];
      expect(datasetDifferences(sample(), ds)).toEqual(expected);
    });
  }

  it('finds a private element by creator when the block moves', () => {
    const dataset = createDataset({
      '00290011': 'ACME 1.0',
      '00291101': { vr: 'LO', value: 'moved' },
    });
    expect(dataset.privateTag(0x0029, 'ACME 1.0', 0x01)).toBe(0x00291101);
    expect(dataset.privateCreatorOf(0x00291101)).toBe('ACME 1.0');
  });
});

describe('header-only reading', () => {
  it('stops before pixel data and reads the file in chunks', () => {
    const ct = new URL('syntaxes/explicit_vr_le/CT_small.dcm', corpus);
    const header = readDicomFileSync(ct.pathname, { headerOnly: true, initialChunkBytes: 256 });
    const full = readDicomFileSync(ct.pathname);
    expect(header.headerOnly).toBe(true);
    const pixel = header.dataset.element('PixelData');
    expect(pixel?.bytes).toBeUndefined();
    expect(pixel?.length).toBe(full.dataset.element('PixelData')?.length);
    // A header read ends at (7FE0,0010): compare what precedes it.
    for (const tag of full.dataset.tags()) if (tag >= 0x7fe00010) full.dataset.delete(tag);
    header.dataset.delete('PixelData');
    expect(datasetDifferences(full.dataset, header.dataset)).toEqual([]);
  });

  it('reads only a prefix of a deflated file to parse its header', () => {
    // 4 MB of noisy pixel data deflates poorly, so the file stays large.
    const dataset = sample();
    const pixels = new Uint8Array(4 * 1024 * 1024);
    let state = 1;
    for (let i = 0; i < pixels.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      pixels[i] = state >>> 23;
    }
    dataset.set({
      tag: tagOf('PixelData'),
      vr: 'OB',
      bytes: pixels,
      offset: 0,
      length: pixels.length,
      undefinedLength: false,
    });
    const path = join(mkdtempSync(join(tmpdir(), 'radset-')), 'deflated.dcm');
    const written = writePart10({ dataset, transferSyntaxUid: '1.2.840.10008.1.2.1.99' });
    writeFileSync(path, written);
    const header = readDicomFileSync(path, { headerOnly: true, initialChunkBytes: 1024 });
    expect(header.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
    expect(header.headerOnly).toBe(true);
    expect(header.bytesRead).toBeLessThan(written.length / 100);
    expect(header.dataset.string('PatientName')).toBe('Doe^Jane');
    expect(header.dataset.sequence('AnatomicRegionSequence')?.[0]?.string('CodeMeaning')).toBe(
      'Tissue',
    );
    const full = readDicomFileSync(path);
    expect(full.bytesRead).toBe(written.length);
    const value = full.dataset.bytes('PixelData') ?? new Uint8Array(0);
    expect(Buffer.compare(value, pixels)).toBe(0);
  });

  it('parses the header of a file declaring 3 GiB of pixel data and refuses the full read', () => {
    const path = new URL('edge/truncated/3gb-bulk-data-truncated', corpus).pathname;
    const header = readDicomFileSync(path, { headerOnly: true });
    expect(header.dataset.element('PixelData')?.length).toBe(3 * 1024 ** 3);
    expect(() => readDicomFileSync(path)).toThrowError(
      expect.objectContaining({
        code: 'DICOM_TRUNCATED',
        file: path,
        element: '(7FE0,0010) PixelData',
      }),
    );
  });

  it('names the file when it cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radset-'));
    expect(() => readDicomFileSync(join(dir, 'missing.dcm'))).toThrowError(
      expect.objectContaining({ code: 'DICOM_FILE_READ_FAILED', file: join(dir, 'missing.dcm') }),
    );
    const empty = join(dir, 'empty.dcm');
    writeFileSync(empty, '');
    expect(() => readDicomFileSync(empty)).toThrowError(
      expect.objectContaining({ code: 'DICOM_NOT_DICOM', file: empty }),
    );
  });
});

describe('lenient parsing', () => {
  it('reads a bare data set with no preamble or meta and says so', () => {
    const body = writePart10({ dataset: sample(), transferSyntaxUid: '1.2.840.10008.1.2' });
    // Strip the preamble and meta header: the data set starts after the meta group.
    const metaLength = new DataView(body.buffer).getUint32(140, true);
    const bare = body.subarray(144 + metaLength);
    const file = parsePart10(bare);
    expect(file.hasMeta).toBe(false);
    expect(file.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(file.warnings.map((w) => w.code)).toContain('NO_META');
    expect(file.dataset.string('PatientName')).toBe('Doe^Jane');
  });

  it('does not trust DICM at byte 128 when no meta header follows', () => {
    const file = readDicomFileSync(
      new URL('edge/no_preamble_or_no_meta/no_preamble_dicm_in_data', corpus).pathname,
    );
    expect(file.warnings.map((w) => w.code)).toContain('DICM_NOT_META');
    expect(file.dataset.string('Modality')).toBe('MG');
  });
});

describe('value conformance checks', () => {
  // The parser checks IS/DS/UI/DA/TM bytes directly; its verdict must equal the
  // PS3.5 Table 6.2-1 grammar written as regular expressions.
  const TAGS: Record<string, number> = {
    DT: 0x0008002a,
    AS: 0x00101010,
    DS: 0x00280030,
    IS: 0x00200013,
    UI: 0x00080018,
    DA: 0x00080020,
    TM: 0x00080030,
  };
  const GRAMMAR: Record<string, [RegExp, number]> = {
    IS: [/^ *[+-]?\d+ *$/, 12],
    DS: [/^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/, 16],
    UI: [/^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/, 64],
    DA: [/^\d{8}$/, 8],
    TM: [/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)? *$/, 16],
    DT: [/^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})? *$/, 26],
    AS: [/^\d{3}[DWMY]$/, 4],
  };
  const VALID = [
    '12.5',
    '20240101',
    '123456.789',
    '1.2.840.10008',
    '-3',
    '1e5',
    '0.5\\1.5',
    ' 7',
    '2.25.0',
    '045Y',
    '20240101120000.5+0100',
    'NaN',
  ];

  it('agrees with the grammar on 20,000 seeded values', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = '0123456789.+-eE :\\\0aY';
    const vrs = Object.keys(TAGS);
    for (let n = 0; n < 20_000; n++) {
      const vr = vrs[n % vrs.length] ?? 'DS';
      let text = '';
      if (random() < 0.5) text = VALID[n % VALID.length] ?? '';
      else
        for (let i = 1 + Math.floor(random() * 14); i > 0; i--)
          text += alphabet[Math.floor(random() * alphabet.length)];
      if (text.length % 2 === 1) text += vr === 'UI' ? '\0' : ' ';
      const bytes = new Uint8Array(8 + text.length);
      const view = new DataView(bytes.buffer);
      const tag = TAGS[vr] ?? 0;
      view.setUint16(0, tag >>> 16, true);
      view.setUint16(2, tag & 0xffff, true);
      view.setUint32(4, text.length, true);
      for (let i = 0; i < text.length; i++) bytes[8 + i] = text.charCodeAt(i);
      const warnings: DicomWarning[] = [];
      parseDataset(bytes, { littleEndian: true, explicitVr: false, start: 0, warnings });
      const [pattern, max] = GRAMMAR[vr] ?? [/^$/, 0];
      const invalid = text.split('\\').some((raw) => {
        const value = vr === 'UI' ? raw.replace(/\0+$/, '').trim() : raw.replace(/[\0 ]+$/, '');
        return value.trim() !== '' && (!pattern.test(value) || value.length > max);
      });
      expect(
        warnings.some((w) => w.code === 'INVALID_VALUE'),
        `${vr} ${JSON.stringify(text)}`,
      ).toBe(invalid);
    }
  });
});

describe('implicit VR elements used with a retired meaning', () => {
  it('keeps a dictionary-SQ value that holds no items as UN, with a warning', () => {
    // (0040,A170) is SQ today but was CS: implicit VR LE, value "NAMED TYPE".
    const text = 'NAMED TYPE';
    const bytes = new Uint8Array(8 + text.length);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0x0040, true);
    view.setUint16(2, 0xa170, true);
    view.setUint32(4, text.length, true);
    bytes.set(Buffer.from(text, 'latin1'), 8);
    const warnings: DicomWarning[] = [];
    const { dataset } = parseDataset(bytes, {
      littleEndian: true,
      explicitVr: false,
      start: 0,
      warnings,
    });
    expect(dataset.element(0x0040a170)?.vr).toBe('UN');
    expect(dataset.element(0x0040a170)?.items).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['IMPLICIT_SQ_NOT_ITEMS']);
  });
});
