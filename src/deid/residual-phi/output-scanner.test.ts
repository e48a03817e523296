import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  createDataset,
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  writePart10,
} from '../../dicom/index.js';
import {
  CandidateSet,
  type BoundaryRule,
  type Candidate,
  type CandidateClass,
} from './candidate.js';
import { OutputScanner, type ResidualPhiHit } from './output-scanner.js';

function candidates(
  entries: readonly [string, CandidateClass, BoundaryRule][],
  charsets: readonly string[] = [],
): Candidate[] {
  const set = new CandidateSet();
  for (const [value, cls, boundary] of entries) {
    set.add(value, cls, boundary, {
      attribute: `original ${value}`,
      originalFile: 'in.dcm',
      characterSets: charsets,
      vr: 'LO',
    });
  }
  return set.candidates(() => false);
}

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

const summary = (hits: readonly ResidualPhiHit[]): string[] =>
  hits.map((h) => `${h.value}|${h.location}|${h.stream}`);

describe('OutputScanner', () => {
  it('outside DICOM, takes a name only where it stands alone, not inside a digest', () => {
    const scanner = new OutputScanner(candidates([['GTB', 'name', 'token']]));
    const scan = (s: string): string[] =>
      scanner.scanBytes('log.jsonl', text(s)).map((h) => h.value);
    expect(scan('{"sha256":"x9GTB_k2"}')).toEqual([]);
    expect(scan('{"operator":"GTB"}')).toEqual(['GTB']);
  });

  it('ignores the de-identification markers’ fixed vocabulary and small numbers in IS values, nothing else', () => {
    const scanner = new OutputScanner(
      candidates([
        ['dicom', 'identifier', 'token'],
        ['Application', 'text', 'token'],
        ['123456', 'identifier', 'token'],
      ]),
    );
    const marked = createDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '1.2.3',
      SeriesNumber: '123456',
      DeidentificationMethod: [
        'radset 0.1.0',
        'DICOM PS3.15 2024b Basic Application Confidentiality Profile',
      ],
      DeidentificationMethodCodeSequence: [
        createDataset({
          CodeValue: '113100',
          CodingSchemeDesignator: 'DCM',
          CodeMeaning: 'Basic Application Confidentiality Profile',
        }),
      ],
      StudyDescription: 'DICOM Application 123456',
    });
    const hits = scanner.scanBytes(
      'out.dcm',
      writePart10({ dataset: marked, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN }),
    );
    expect(hits.map((h) => h.location).sort()).toEqual([
      '(0008,1030) StudyDescription',
      '(0008,1030) StudyDescription',
      '(0008,1030) StudyDescription',
    ]);
    // A marker element carrying anything else is searched like any other.
    const forged = createDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '1.2.3',
      DeidentificationMethod: 'radset 0.1.0 for dicom',
    });
    expect(
      scanner
        .scanBytes(
          'out.dcm',
          writePart10({ dataset: forged, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN }),
        )
        .map((h) => h.value),
    ).toEqual(['dicom']);
  });

  it('needs value boundaries for names and IDs, and finds UIDs only as themselves or their prefix', () => {
    const scanner = new OutputScanner(
      candidates([
        ['ANN', 'name', 'token'],
        ['12345', 'identifier', 'token'],
        ['1.2.3.44', 'identifier', 'uid'],
        ['20240131', 'date', 'date'],
      ]),
    );
    const scan = (s: string): string[] => scanner.scanBytes('out.txt', text(s)).map((h) => h.value);
    expect(scan('SCANNER PLANNED')).toEqual([]);
    expect(scan('Dear Ann,')).toEqual(['ANN']);
    expect(scan('id 912345 and 123456')).toEqual([]);
    expect(scan('id=12345;')).toEqual(['12345']);
    expect(scan('ANON12345')).toEqual(['12345']);
    expect(scan('9.1.2.3.44 1.2.3.445')).toEqual([]);
    expect(scan('uid 1.2.3.44.7')).toEqual(['1.2.3.44']);
    expect(scan('320240131 x')).toEqual([]);
    expect(scan('DT 20240131101500')).toEqual(['20240131']);
  });

  it('finds a date written as text, and ignores a coded value that looks like a time', () => {
    const scanner = new OutputScanner(
      candidates([
        ['20211117', 'date', 'date'],
        ['113103', 'time', 'token'],
      ]),
    );
    const scan = (s: string): string[] =>
      scanner.scanBytes('report.txt', text(s)).map((h) => `${h.value}@${h.offset}`);
    expect(scan('seen 2021-11-17, again 17.11.2021 and 11/17/2021')).toEqual([
      '20211117@5',
      '20211117@23',
      '20211117@38',
    ]);
    expect(scan('at 113103 ')).toEqual(['113103@3']);
    const dataset = createDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '2.25.3',
      DeidentificationMethodCodeSequence: [
        createDataset({ CodeValue: '113103', CodingSchemeDesignator: 'DCM' }),
      ],
      StudyTime: '113103',
    });
    const hits = scanner.scanBytes(
      'out.dcm',
      writePart10({ dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN }),
    );
    expect(summary(hits)).toEqual(['113103|(0008,0030) StudyTime|file']);
  });

  it('reports a whole name once, not again for its components', () => {
    const scanner = new OutputScanner(
      candidates([
        ['DOE^JOHN', 'name', 'token'],
        ['DOE', 'name', 'token'],
        ['JOHN', 'name', 'token'],
      ]),
    );
    expect(
      scanner
        .scanBytes('log.json', text('{"who":"doe^john","also":"John"}'))
        .map((h) => [h.value, h.offset]),
    ).toEqual([
      ['DOE^JOHN', 8],
      ['JOHN', 26],
    ]);
  });

  it('locates hits in nested items, private elements, file meta and bulk data', () => {
    const meta = createDataset({ SourceApplicationEntityTitle: 'PID778899' });
    const overlayBits = new Uint8Array(64);
    overlayBits.set(text('ROE^JANE'), 20);
    overlayBits.set(text('ROE'), 40);
    const dataset = createDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '2.25.1',
      StudyDescription: 'follow-up for roe^jane',
      RequestAttributesSequence: [createDataset({ RequestedProcedureDescription: 'pid778899' })],
      '00290010': { vr: 'LO', value: 'ACME 1' },
      '00291010': { vr: 'LT', value: 'patient ROE^JANE' },
      '60003000': { vr: 'OW', value: new Uint16Array(overlayBits.buffer) },
      PixelData: {
        vr: 'OW',
        value: new Uint16Array(new Uint8Array([0x20, 0x52, 0x4f, 0x45, 0x20, 0x00]).buffer),
      },
    });
    const bytes = writePart10({ dataset, meta, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN });
    const scanner = new OutputScanner(
      candidates([
        ['ROE^JANE', 'name', 'token'],
        ['ROE', 'name', 'token'],
        ['PID778899', 'identifier', 'token'],
      ]),
    );
    const hits = scanner.scanBytes('out.dcm', bytes);
    expect(summary(hits)).toEqual([
      'PID778899|file meta (0002,0016) SourceApplicationEntityTitle|file',
      'ROE^JANE|(0008,1030) StudyDescription|file',
      'ROE^JANE|(0029,"ACME 1",10)|file',
      'PID778899|(0040,0275)[0]/(0032,1060) RequestedProcedureDescription|file',
      // The 3-byte 'ROE' in overlay and pixel data is chance; the whole name is not.
      'ROE^JANE|(6000,3000) OverlayData|file',
    ]);
    for (const hit of hits) {
      const found = Buffer.from(bytes.subarray(hit.offset, hit.offset + hit.value.length));
      expect(found.toString('latin1').toLowerCase()).toBe(hit.value.toLowerCase());
    }
  });

  it('searches the inflated data set of a Deflated transfer syntax file', () => {
    const dataset = createDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '2.25.2',
      PatientName: 'ROE^JANE',
    });
    const bytes = writePart10({ dataset, transferSyntaxUid: DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN });
    const scanner = new OutputScanner(candidates([['ROE^JANE', 'name', 'token']]));
    expect(summary(scanner.scanBytes('out.dcm', bytes))).toEqual([
      'ROE^JANE|(0010,0010) PatientName|inflated data set',
    ]);
  });

  it('searches gzip files gunzipped, and binary non-DICOM files for long matches only', () => {
    const scanner = new OutputScanner(
      candidates([
        ['ROE^JANE', 'name', 'token'],
        ['ROE', 'name', 'token'],
      ]),
    );
    const gz = gzipSync(Buffer.from('{"note":"ROE^JANE"}\n'));
    expect(summary(scanner.scanBytes('log.json.gz', gz))).toEqual(['ROE^JANE|not DICOM|gunzipped']);
    const binary = new Uint8Array([0, 1, 0x20, 0x52, 0x4f, 0x45, 0x20, 0, ...text(' roe^jane ')]);
    expect(summary(scanner.scanBytes('x.bin', binary))).toEqual(['ROE^JANE|not DICOM|file']);
    expect(summary(scanner.scanBytes('x.txt', text('by Roe.')))).toEqual(['ROE|not DICOM|file']);
  });

  it('finds a non-ASCII name in Latin-1 and in UTF-8, any case', () => {
    const scanner = new OutputScanner(candidates([['Müller', 'name', 'token']], ['ISO_IR 100']));
    expect(scanner.scanBytes('a', new Uint8Array(Buffer.from('x Müller x', 'latin1'))).length).toBe(
      1,
    );
    expect(scanner.scanBytes('b', text('x MÜLLER x'))).toHaveLength(1);
    expect(scanner.scanBytes('c', text('x müller x'))).toHaveLength(1);
    expect(scanner.scanBytes('d', text('x Muller x'))).toHaveLength(0);
  });
});
