import { describe, expect, it } from 'vitest';
import {
  createDataset,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  parsePart10,
  writePart10,
  type Dataset,
  type DicomFile,
} from '../../dicom/index.js';
import type { DeidOption } from '../deid-option.js';
import type { Candidate } from './candidate.js';
import { CandidateCollector } from './collect-candidates.js';
import { parseAllowList } from './exemption-policy.js';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** Writes and reads back, so the collector sees what a real file gives. */
function roundTrip(dataset: Dataset, syntax = EXPLICIT_VR_LITTLE_ENDIAN): DicomFile {
  return parsePart10(writePart10({ dataset, transferSyntaxUid: syntax }));
}

function collect(
  dataset: Dataset,
  options: readonly DeidOption[] = [],
  allow: readonly string[] = [],
  syntax = EXPLICIT_VR_LITTLE_ENDIAN,
  times = true,
): Candidate[] {
  const collector = new CandidateCollector({
    options: new Set(options),
    allowed: parseAllowList(allow),
    times,
  });
  collector.addFile(roundTrip(dataset, syntax), 'original.dcm');
  return collector.candidates();
}

const valuesOf = (candidates: readonly Candidate[], cls?: string): string[] =>
  candidates
    .filter((c) => cls === undefined || c.class === cls)
    .map((c) => c.value)
    .sort();

function base(extra: Record<string, Parameters<typeof createDataset>[0][string]> = {}): Dataset {
  return createDataset({
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.1.1',
    ...extra,
  });
}

describe('CandidateCollector', () => {
  it('collects a person name whole and by component (3 characters or more), placeholders aside', () => {
    const candidates = collect(
      base({
        PatientName: 'DOE^JOHN^Li^^',
        ReferringPhysicianName: 'ANONYMOUS',
        OperatorsName: 'XXX',
      }),
    );
    expect(valuesOf(candidates, 'name')).toEqual(['DOE', 'DOE^JOHN^Li', 'JOHN']);
    const whole = candidates.find((c) => c.value === 'DOE^JOHN^Li');
    expect(whole?.attribute).toBe('(0010,0010) PatientName');
    expect(whole?.originalFile).toBe('original.dcm');
  });

  it('collects each component group of a PN, and two-character ideographic components', () => {
    const candidates = collect(
      base({
        SpecificCharacterSet: ['', 'ISO 2022 IR 87'],
        PatientName: 'Yamada^Tarou=山田^太郎=',
      }),
    );
    expect(valuesOf(candidates, 'name')).toEqual(
      [
        'Tarou',
        'Yamada',
        'Yamada^Tarou',
        'Yamada^Tarou=山田^太郎',
        '太郎',
        '山田',
        '山田^太郎',
      ].sort(),
    );
    // Searched for in the original's ISO 2022 form too (escape to JIS X 0208 and back).
    const yamada = candidates.find((c) => c.value === '山田');
    expect(yamada?.encodings.map((e) => Buffer.from(e).toString('hex'))).toContain(
      '1b24423b3345441b2842',
    );
  });

  it('collects instance UIDs but not registry, class or implementation UIDs', () => {
    const dataset = base({
      StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.2',
      ReferencedSOPClassUID: '1.3.12.2.1107.5.9.1',
      InstanceCreatorUID: '1.2.276.0.7230010.3.0.3.6.4',
    });
    const file = roundTrip(dataset);
    // A toolkit's UID written both as the implementation and as the instance creator.
    const meta = createDataset({ ImplementationClassUID: '1.2.276.0.7230010.3.0.3.6.4' });
    const collector = new CandidateCollector({ options: new Set(), allowed: new Set() });
    collector.addFile({ ...file, meta }, 'original.dcm');
    expect(valuesOf(collector.candidates(), 'identifier')).toEqual([
      '1.2.826.0.1.3680043.2.1125.1.1',
      '1.2.826.0.1.3680043.2.1125.2',
    ]);
  });

  it('leaves UIDs alone under Retain UIDs (action K)', () => {
    expect(valuesOf(collect(base(), ['retainUids']), 'identifier')).toEqual([]);
  });

  it('searches bare times only when asked: a time alone collides by chance', () => {
    const dataset = base({ StudyTime: '143052' });
    expect(valuesOf(collect(dataset, [], [], EXPLICIT_VR_LITTLE_ENDIAN, false), 'time')).toEqual(
      [],
    );
    expect(valuesOf(collect(dataset), 'time')).toEqual(['143052']);
  });

  it('collects dates, date-times (and their date part) and times, not placeholders', () => {
    const candidates = collect(
      base({
        StudyDate: '20240131',
        PatientBirthDate: '00000000',
        AcquisitionDateTime: '20240131101530.123',
        StudyTime: '101530.5',
        SeriesTime: '000000',
        ContentTime: '1015',
      }),
    );
    expect(valuesOf(candidates, 'date')).toEqual(['20240131', '20240131101530.123']);
    expect(valuesOf(candidates, 'time')).toEqual(['101530', '101530.5']);
  });

  it('keeps dates under Retain Longitudinal Full Dates, but not under Modified Dates', () => {
    const dataset = base({ StudyDate: '20240131' });
    expect(valuesOf(collect(dataset, ['retainLongitudinalFullDates']), 'date')).toEqual([]);
    expect(valuesOf(collect(dataset, ['retainLongitudinalModifiedDates']), 'date')).toEqual([
      '20240131',
    ]);
  });

  it('collects ages of 90 and over only, whatever the options', () => {
    expect(valuesOf(collect(base({ PatientAge: '045Y' })), 'age')).toEqual([]);
    expect(
      valuesOf(collect(base({ PatientAge: '095Y' }), ['retainPatientCharacteristics']), 'age'),
    ).toEqual(['095Y']);
    expect(valuesOf(collect(base({ PatientAge: '095M' })), 'age')).toEqual([]);
  });

  it('collects identifiers, skipping short ones and those an option keeps', () => {
    const dataset = base({
      PatientID: 'MRN-778899',
      AccessionNumber: 'ACC123456',
      StudyID: '1',
      DeviceSerialNumber: 'SN-4711',
      PerformedProcedureStepID: 'PPS0042',
    });
    expect(valuesOf(collect(dataset), 'identifier')).toEqual(
      ['1.2.826.0.1.3680043.2.1125.1.1', 'ACC123456', 'MRN-778899', 'PPS0042', 'SN-4711'].sort(),
    );
    expect(valuesOf(collect(dataset, ['retainDeviceIdentity']), 'identifier')).not.toContain(
      'SN-4711',
    );
  });

  it('collects free text of removed attributes, not of cleaned or kept ones', () => {
    const dataset = base({
      StudyDescription: 'Knee MRI for Dr Who',
      InstitutionName: 'Springfield General',
      Manufacturer: 'ACME',
      ImageType: ['ORIGINAL', 'PRIMARY'],
    });
    expect(valuesOf(collect(dataset), 'text')).toEqual([
      'Knee MRI for Dr Who',
      'Springfield General',
    ]);
    expect(valuesOf(collect(dataset, ['cleanDescriptors']), 'text')).toEqual([
      'Springfield General',
    ]);
    expect(valuesOf(collect(dataset, ['retainInstitutionIdentity']), 'text')).toEqual([
      'Knee MRI for Dr Who',
    ]);
  });

  it('walks nested items and names the path', () => {
    const dataset = base({
      RequestAttributesSequence: [
        createDataset({
          RequestedProcedureDescription: 'Private knee study',
          RequestedProcedureID: 'RP-5566',
          ReferencedStudySequence: [
            createDataset({ ReferencedSOPInstanceUID: '1.2.826.0.1.3680043.2.1125.9' }),
          ],
        }),
      ],
    });
    const candidates = collect(dataset);
    expect(candidates.find((c) => c.value === 'Private knee study')?.attribute).toBe(
      '(0040,0275)[0]/(0032,1060) RequestedProcedureDescription',
    );
    expect(candidates.find((c) => c.value === 'RP-5566')?.class).toBe('identifier');
    expect(candidates.find((c) => c.value === '1.2.826.0.1.3680043.2.1125.9')?.attribute).toBe(
      '(0040,0275)[0]/(0008,1110)[0]/(0008,1155) ReferencedSOPInstanceUID',
    );
  });

  it('collects private values (not creators), except safe ones kept under Retain Safe Private', () => {
    const dataset = base({
      Manufacturer: 'SIEMENS',
      '00190010': { vr: 'LO', value: 'GEMS_ACQU_01' },
      '0019109E': { vr: 'LO', value: 'FSE-XL pulse' },
      '00190011': { vr: 'LO', value: 'ACME PRIVATE' },
      '00191101': { vr: 'LO', value: 'Smith family scan' },
      '00191102': { vr: 'LO', value: 'SIEMENS' },
      '00191103': { vr: 'UI', value: '1.2.826.0.1.3680043.2.1125.77' },
    });
    expect(valuesOf(collect(dataset), 'text')).toEqual(['FSE-XL pulse', 'Smith family scan']);
    const safe = collect(dataset, ['retainSafePrivate']);
    expect(valuesOf(safe, 'text')).toEqual(['Smith family scan']);
    expect(safe.find((c) => c.value === 'Smith family scan')?.attribute).toBe(
      '(0019,"ACME PRIVATE",01)',
    );
    expect(valuesOf(safe, 'identifier')).toContain('1.2.826.0.1.3680043.2.1125.77');
  });

  it('reads text from private elements of unknown VR (implicit VR)', () => {
    const dataset = base({
      '00290010': { vr: 'LO', value: 'NOBODY KNOWS' },
      '00291020': { vr: 'LO', value: 'Jane Roe' },
      '00291021': { vr: 'LO', value: '1.2.826.0.1.3680043.2.1125.88' },
    });
    const candidates = collect(dataset, [], [], IMPLICIT_VR_LITTLE_ENDIAN);
    expect(valuesOf(candidates, 'text')).toEqual(['Jane Roe']);
    expect(valuesOf(candidates, 'identifier')).toContain('1.2.826.0.1.3680043.2.1125.88');
  });

  it('exempts what --allow names, nested content included', () => {
    const dataset = base({
      InstitutionName: 'Springfield General',
      PatientName: 'DOE^JANE',
      RequestAttributesSequence: [createDataset({ RequestedProcedureID: 'RP-5566' })],
    });
    const candidates = collect(dataset, [], ['InstitutionName', '(0040,0275)']);
    expect(valuesOf(candidates, 'text')).toEqual([]);
    expect(valuesOf(candidates, 'identifier')).not.toContain('RP-5566');
    expect(valuesOf(candidates, 'name')).toEqual(['DOE', 'DOE^JANE', 'JANE']);
  });

  it('decodes with the character set and searches Latin-1 and UTF-8 forms', () => {
    const candidates = collect(
      base({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen' }),
    );
    const name = candidates.find((c) => c.value === 'Müller');
    expect(name?.class).toBe('name');
    const forms = (name?.encodings ?? []).map((e) => Buffer.from(e).toString('hex'));
    expect(forms).toContain(Buffer.from('Müller', 'latin1').toString('hex'));
    expect(forms).toContain(Buffer.from('Müller', 'utf8').toString('hex'));
    expect(forms).toContain(Buffer.from('MÜLLER', 'utf8').toString('hex'));
  });

  it('drops name components and text that a kept attribute also holds', () => {
    const candidates = collect(
      base({
        PatientName: 'CT^HEAD',
        BodyPartExamined: 'HEAD',
        '00190010': { vr: 'LO', value: 'ACME 1' },
        '00191001': { vr: 'LO', value: 'Ortho' },
        '00191002': { vr: 'LO', value: 'ACME 1' },
        ImageComments: 'ortho',
      }),
    );
    expect(valuesOf(candidates, 'name')).toEqual(['CT^HEAD']);
    // 'ACME 1' is also the (kept) private creator; 'Ortho' is removed text on both sides.
    expect(valuesOf(candidates, 'text')).toEqual(['Ortho', 'ortho']);
  });
});

describe('CandidateCollector inside sequences the profile removes or cleans', () => {
  it('does not let report text excuse the name it mentions', () => {
    // Text Value (0040,A160) is not in Table E.1-1; Content Sequence is (X, C).
    const candidates = collect(
      base({
        PatientName: 'ROE^JANE',
        ContentSequence: [createDataset({ TextValue: 'Jane Roe, follow-up in 6 weeks' })],
      }),
      ['cleanStructuredContent'],
    );
    expect(valuesOf(candidates, 'name')).toEqual(['JANE', 'ROE', 'ROE^JANE']);
    expect(valuesOf(candidates, 'text')).toEqual([]);
  });
});

describe('parseAllowList', () => {
  it('takes keywords, tags and private element signatures', () => {
    expect([
      ...parseAllowList(['PatientAge', '00100010', '(0008,0080)', '(0029,"ACME 1",1a)']),
    ]).toEqual(['(0010,1010)', '(0010,0010)', '(0008,0080)', '(0029,"ACME 1",1A)']);
  });

  it('refuses what is none of those', () => {
    expect(() => parseAllowList(['NoSuchKeyword'])).toThrow(/--allow "NoSuchKeyword"/);
  });
});
