import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';
import { formatDump } from './dataset-dump.js';
import type { DicomFile } from './part10.js';
import { PIXEL_DATA_TAG } from './tag.js';
import { EXPLICIT_VR_LITTLE_ENDIAN, lookupTransferSyntax } from './transfer-syntax.js';
import { createDataset } from './value-encoder.js';

function fileOf(dataset: Dataset, headerOnly = false): DicomFile {
  return {
    meta: createDataset({ TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN }),
    dataset,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    transferSyntax: lookupTransferSyntax(EXPLICIT_VR_LITTLE_ENDIAN),
    hasPreamble: true,
    hasMeta: true,
    headerOnly,
    datasetOffset: 132,
    warnings: [
      {
        code: 'TAG_ORDER',
        message: 'elements out of order',
        offset: 400,
        element: '(0008,0020) StudyDate',
      },
    ],
  };
}

describe('formatDump', () => {
  it('lists elements dcmdump-style, with items indented and private elements named by their creator', () => {
    const item = createDataset({ CodeValue: '113100', CodingSchemeDesignator: 'DCM' });
    const ds = createDataset({
      PatientName: 'Doe^John',
      ImageType: ['ORIGINAL', 'PRIMARY'],
      Rows: 512,
      FrameIncrementPointer: 0x00181063,
      StudyDescription: 'x'.repeat(100),
      DeidentificationMethodCodeSequence: [item],
      '00290010': 'SIEMENS CSA HEADER',
      '00291010': { vr: 'OB', value: new Uint8Array(40).fill(0xab) },
      '00291099': { vr: 'LO', value: 'unknown to the dictionary' },
      '00090010': 'ACME',
      '00091001': { vr: 'SH', value: 'mystery' },
      AccessionNumber: '',
    });
    const lines = formatDump(fileOf(ds)).split('\n');
    expect(lines).toContain('(0010,0010) PN PatientName [Doe^John]  # 8, 1');
    expect(lines).toContain('(0008,0008) CS ImageType [ORIGINAL\\PRIMARY]  # 16, 2');
    expect(lines).toContain('(0028,0010) US Rows [512]  # 2, 1');
    expect(lines).toContain('(0028,0009) AT FrameIncrementPointer [(0018,1063)]  # 4, 1');
    expect(lines).toContain(`(0008,1030) LO StudyDescription [${'x'.repeat(64)}...]  # 100, 1`);
    expect(lines).toContain('(0008,0050) SH AccessionNumber (no value)  # 0, 0');
    expect(lines).toContain('(0012,0064) SQ DeidentificationMethodCodeSequence  # u/l, 1 item');
    expect(lines).toContain('  (FFFE,E000) Item 1 of 1');
    expect(lines).toContain('    (0008,0100) SH CodeValue [113100]  # 6, 1');
    expect(lines).toContain('(0029,0010) LO PrivateCreator [SIEMENS CSA HEADER]  # 18, 1');
    expect(lines).toContain(
      '(0029,1010) OB "SIEMENS CSA HEADER" CSA Image Header Info <40 bytes: ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ...>  # 40, 1',
    );
    expect(lines).toContain(
      '(0029,1099) LO "SIEMENS CSA HEADER" ? [unknown to the dictionary]  # 26, 1',
    );
    expect(lines).toContain('(0009,1001) SH "ACME" ? [mystery]  # 8, 1');
    expect(lines.slice(-3)).toEqual([
      '# Warnings (1)',
      '#   TAG_ORDER: elements out of order (byte 400, (0008,0020) StudyDate)',
      '',
    ]);
    expect(lines[1]).toBe('# File Meta Information');
    expect(lines).toContain('(0002,0010) UI TransferSyntaxUID [1.2.840.10008.1.2.1]  # 20, 1');
  });

  it('summarises pixel data: fragments when encapsulated, where it lies when not read', () => {
    const stream = new Uint8Array(24);
    const ds = new Dataset(true);
    ds.set({
      tag: PIXEL_DATA_TAG,
      vr: 'OB',
      bytes: stream,
      offset: 0,
      length: 24,
      undefinedLength: true,
      fragments: [
        { offset: 8, length: 0 },
        { offset: 16, length: 8 },
      ],
    });
    expect(formatDump(fileOf(ds))).toContain(
      '(7FE0,0010) OB PixelData <encapsulated pixel data: offset table 0 bytes, 1 fragment, 8 bytes>  # u/l, 1\n',
    );
    const unread = new Dataset(true);
    unread.set({
      tag: PIXEL_DATA_TAG,
      vr: 'OW',
      bytes: undefined,
      offset: 1500,
      length: 524288,
      undefinedLength: false,
    });
    const text = formatDump(fileOf(unread, true));
    expect(text).toContain('# Data Set (header only: pixel data not read)\n');
    expect(text).toContain(
      '(7FE0,0010) OW PixelData <not read: 524288 bytes at byte 1500>  # 524288, 1\n',
    );
  });
});
