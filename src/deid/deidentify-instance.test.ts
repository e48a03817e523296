import { describe, expect, it } from 'vitest';
import {
  createDataset,
  parsePart10,
  setValue,
  writePart10,
  type Dataset,
  type DicomFile,
  type TypedValue,
} from '../dicom/index.js';
import { DEFAULT_DEID_OPTIONS, type DeidOption } from './deid-option.js';
import { deidentifyInstance, type DeidContext } from './deidentify-instance.js';
import { KeyedPseudonyms } from './keyed-pseudonym.js';

const KEY = new Uint8Array(32).fill(42);
const CT = '1.2.840.10008.5.1.4.1.1.2';
const SEG = '1.2.840.10008.5.1.4.1.1.66.4';

function context(options: readonly DeidOption[] = DEFAULT_DEID_OPTIONS, key = KEY): DeidContext {
  return {
    profile: { options: new Set(options), ocr: false, pixelRules: [], source: 'test' },
    pseudonyms: new KeyedPseudonyms(key),
    software: 'radset test',
  };
}

const lo = (value: string): TypedValue => ({ vr: 'LO', value });

/** A CT header with PHI in the usual places, written and read back as a file would be. */
function phiFile(sopClassUid = CT, extra: (ds: Dataset) => void = () => undefined): DicomFile {
  const dataset = createDataset({
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: '1.2.3.4.5.6.7.1',
    StudyInstanceUID: '1.2.3.4.5.6',
    SeriesInstanceUID: '1.2.3.4.5.6.7',
    FrameOfReferenceUID: '1.2.3.4.5.6.9',
    StudyDate: '20240301',
    StudyTime: '233000',
    SeriesDate: '20240302',
    SeriesTime: '010000',
    AccessionNumber: 'ACC998877',
    Modality: 'CT',
    Manufacturer: 'SIEMENS',
    InstitutionName: 'St Mary Hospital',
    ReferringPhysicianName: 'HOUSE^GREGORY',
    StationName: 'CTSCAN01',
    DeviceSerialNumber: 'SN-4711',
    StudyDescription: 'CT CHEST FOLLOW-UP SMITH JOHN',
    SeriesDescription: 'AX 1.25 MRN12345678',
    PatientName: 'SMITH^JOHN',
    PatientID: 'MRN12345678',
    PatientBirthDate: '19330412',
    PatientAge: '095Y',
    PatientSex: 'M',
    OtherPatientIDsSequence: [createDataset({ PatientID: 'ALT-1' })],
    ReferencedImageSequence: [
      createDataset({ ReferencedSOPClassUID: CT, ReferencedSOPInstanceUID: '1.2.3.4.5.6.7.2' }),
    ],
    ContributingEquipmentSequence: [
      createDataset({ Manufacturer: 'ACME', ContributionDateTime: '20240301120000' }),
    ],
    IconImageSequence: [createDataset({ Rows: 8, Columns: 8 })],
    '00090010': lo('GEMS_IDEN_01'),
    '00091002': lo('SMITH JOHN'),
    '60000010': 2,
    '60000011': 8,
    '60000100': 1,
    '60003000': { vr: 'OW', value: new Uint8Array(8) },
    '50000005': 1,
  });
  setValue(dataset, 0x00190010, lo('SIEMENS MR HEADER'));
  setValue(dataset, 0x0019100c, { vr: 'IS', value: '1000' });
  extra(dataset);
  return parsePart10(writePart10({ dataset, transferSyntaxUid: '1.2.840.10008.1.2.1' }));
}

async function run(
  file: DicomFile,
  ctx = context(),
): Promise<{ out: Dataset; result: Awaited<ReturnType<typeof deidentifyInstance>> }> {
  const result = await deidentifyInstance(file, ctx);
  return { out: parsePart10(result.bytes).dataset, result };
}

describe('deidentifyInstance (default profile)', () => {
  it('replaces identity with keyed pseudonyms and removes what the profile removes', async () => {
    const { out, result } = await run(phiFile());
    const pseudonyms = new KeyedPseudonyms(KEY);
    expect(out.string('PatientID')).toBe(pseudonyms.patientId('patient\\MRN12345678'));
    expect(out.string('PatientName')).toBe(out.string('PatientID'));
    expect(result.patientPseudonym).toBe(out.string('PatientID'));
    expect(out.has('PatientBirthDate')).toBe(true);
    expect(out.string('PatientBirthDate')).toBeUndefined();
    expect(out.has('OtherPatientIDsSequence')).toBe(false);
    expect(out.has('InstitutionName')).toBe(false);
    expect(out.has('StationName')).toBe(false);
    expect(out.has('DeviceSerialNumber')).toBe(false);
    expect(out.string('AccessionNumber')).toBeUndefined();
    expect(out.has('IconImageSequence')).toBe(false);
    expect(out.string('ReferringPhysicianName')).toBeUndefined();
    // Contribution DateTime (0018,A002) nested in a sequence: Orthanc 1.10 keeps it.
    const contribution = out.sequence('ContributingEquipmentSequence')?.[0];
    expect(contribution?.string('ContributionDateTime')).not.toBe('20240301120000');
    expect(contribution?.string('Manufacturer')).toBe('ACME');
    expect(out.string('Manufacturer')).toBe('SIEMENS');
    expect(out.string('PatientSex')).toBe('M');
  });

  it('maps every UID to 2.25 + keyed HMAC, consistently in references, keeping registry UIDs', async () => {
    const { out } = await run(phiFile());
    const pseudonyms = new KeyedPseudonyms(KEY);
    expect(out.string('SOPInstanceUID')).toBe(pseudonyms.uid('1.2.3.4.5.6.7.1'));
    expect(out.string('StudyInstanceUID')).toBe(pseudonyms.uid('1.2.3.4.5.6'));
    expect(out.string('FrameOfReferenceUID')).toBe(pseudonyms.uid('1.2.3.4.5.6.9'));
    expect(out.string('SOPClassUID')).toBe(CT);
    // Referenced Image Sequence is X/Z/U*: Type 3 in a CT image, so removed.
    expect(out.has('ReferencedImageSequence')).toBe(false);
  });

  it('shifts dates and times by the per-patient offset, keeping intervals exactly', async () => {
    const { out } = await run(phiFile());
    const offset = new KeyedPseudonyms(KEY).dateOffset('patient\\MRN12345678');
    const seconds = (date: string, time: string): number =>
      Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / 1000 +
      +time.slice(0, 2) * 3600 +
      +time.slice(2, 4) * 60 +
      +time.slice(4, 6);
    const study = seconds(out.string('StudyDate') ?? '', out.string('StudyTime') ?? '');
    const series = seconds(out.string('SeriesDate') ?? '', out.string('SeriesTime') ?? '');
    expect(series - study).toBe(5400);
    expect(seconds('20240301', '233000') - study).toBe(-(offset.days * 86400 + offset.seconds));
    expect(out.string('LongitudinalTemporalInformationModified')).toBe('MODIFIED');
  });

  it('caps ages over 89 and keeps patient characteristics', async () => {
    const { out } = await run(phiFile());
    expect(out.string('PatientAge')).toBe('090Y');
  });

  it('scrubs the patient’s names and IDs out of descriptions', async () => {
    const { out, result } = await run(phiFile());
    expect(out.string('StudyDescription')).toBe('CT CHEST FOLLOW-UP ***');
    expect(out.string('SeriesDescription')).toBe('AX 1.25 ***');
    expect(
      result.entries.some((e) => e.keyword === 'StudyDescription' && e.action === 'scrubbed'),
    ).toBe(true);
  });

  it('never scrubs the scanner’s names, whatever the patient is called', async () => {
    const file = phiFile(CT, (ds) => {
      setValue(ds, 'PatientName', 'TOSHIBA^SMITH');
      setValue(ds, 'Manufacturer', 'TOSHIBA_MEC');
      setValue(ds, 'ManufacturerModelName', 'Aquilion TOSHIBA');
    });
    const { out } = await run(file);
    expect(out.string('Manufacturer')).toBe('TOSHIBA_MEC');
    expect(out.string('ManufacturerModelName')).toBe('Aquilion TOSHIBA');
    expect(out.string('StudyDescription')).toBe('CT CHEST FOLLOW-UP *** JOHN');
  });

  it('keeps safe private elements by creator and drops the rest, creators included', async () => {
    const { out } = await run(phiFile());
    expect(out.string(0x00190010)).toBe('SIEMENS MR HEADER');
    expect(out.number(0x0019100c)).toBe(1000);
    expect(out.has(0x00091002)).toBe(false);
    expect(out.has(0x00090010)).toBe(false);
    const noSafe = await run(
      phiFile(),
      context(DEFAULT_DEID_OPTIONS.filter((o) => o !== 'retainSafePrivate')),
    );
    expect([...noSafe.out.elements.keys()].some((tag) => (tag >>> 16) % 2 === 1)).toBe(false);
  });

  it('the same private element under another creator is not safe', async () => {
    const file = phiFile(CT, (ds) => {
      setValue(ds, 0x00190010, lo('SOMEONE ELSE'));
    });
    const { out } = await run(file);
    expect(out.has(0x0019100c)).toBe(false);
  });

  it('removes overlays when OCR cannot clean them, and curves without Clean Graphics', async () => {
    const { out, result } = await run(phiFile());
    expect([...out.elements.keys()].some((tag) => tag >>> 16 === 0x6000)).toBe(false);
    const basic = await run(phiFile(), context([]));
    expect([...basic.out.elements.keys()].some((tag) => tag >>> 16 === 0x5000)).toBe(false);
    expect(result.entries.some((e) => e.path === '(6000,3000)' && e.action === 'removed')).toBe(
      true,
    );
  });

  it('records the conformance markers and the options applied', async () => {
    const { out, result } = await run(phiFile());
    expect(out.string('PatientIdentityRemoved')).toBe('YES');
    expect(out.strings('DeidentificationMethod')).toEqual([
      'radset test',
      'DICOM PS3.15 2024b Basic Application Confidentiality Profile',
    ]);
    const codes = out
      .sequence('DeidentificationMethodCodeSequence')
      ?.map((i) => i.string('CodeValue'));
    expect(codes).toEqual(['113100', '113103', '113104', '113105', '113107', '113108', '113111']);
    expect(result.optionsApplied).not.toContain('cleanPixelData');
  });

  it('logs every element touched with its rule, and no original value', async () => {
    const { result } = await run(phiFile());
    const text = JSON.stringify(result.entries);
    for (const phi of [
      'SMITH',
      'MRN12345678',
      '20240301',
      'St Mary',
      'HOUSE',
      'ACC998877',
      '1.2.3.4.5.6',
    ]) {
      expect(text).not.toContain(phi);
    }
    expect(result.entries).toContainEqual({
      path: '(0010,1002)',
      keyword: 'OtherPatientIDsSequence',
      action: 'removed',
      rule: 'E.1-1 basic X',
    });
    expect(
      result.entries.find((e) => e.path === '(0018,A002)' || e.path.endsWith('/(0018,A002)'))?.path,
    ).toBe('(0018,A001)[0]/(0018,A002)');
    expect(result.entries).toContainEqual(
      expect.objectContaining({ path: '(0009,"GEMS_IDEN_01",02)', action: 'removed' }),
    );
  });

  it('gives identical bytes with one key and unrelated UIDs with another', async () => {
    const a = await deidentifyInstance(phiFile(), context());
    const b = await deidentifyInstance(phiFile(), context());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = await deidentifyInstance(
      phiFile(),
      context(DEFAULT_DEID_OPTIONS, new Uint8Array(32).fill(1)),
    );
    expect(other.sopInstanceUid).not.toBe(a.sopInstanceUid);
    expect(other.patientPseudonym).not.toBe(a.patientPseudonym);
  });
});

describe('deidentifyInstance options', () => {
  it('Retain UIDs keeps UIDs; Full Dates keeps dates', async () => {
    const { out } = await run(phiFile(), context(['retainUids', 'retainLongitudinalFullDates']));
    expect(out.string('SOPInstanceUID')).toBe('1.2.3.4.5.6.7.1');
    expect(out.string('StudyDate')).toBe('20240301');
    expect(out.string('StudyTime')).toBe('233000');
    expect(out.string('LongitudinalTemporalInformationModified')).toBe('UNMODIFIED');
  });

  it('without date options dates are emptied or removed, and ages go', async () => {
    const { out } = await run(phiFile(), context([]));
    expect(out.string('StudyDate')).toBeUndefined();
    expect(out.has('SeriesDate')).toBe(false);
    expect(out.has('PatientAge')).toBe(false);
    expect(out.string('LongitudinalTemporalInformationModified')).toBe('REMOVED');
    // Without Clean Descriptors, descriptions (X) are removed outright.
    expect(out.has('StudyDescription')).toBe(false);
  });

  it('Retain Device and Institution Identity keep them', async () => {
    const { out } = await run(
      phiFile(),
      context(['retainDeviceIdentity', 'retainInstitutionIdentity']),
    );
    expect(out.string('DeviceSerialNumber')).toBe('SN-4711');
    expect(out.string('StationName')).toBe('CTSCAN01');
    expect(out.string('InstitutionName')).toBe('St Mary Hospital');
  });

  it('resolves compound actions by IOD type: Device Serial Number is Type 1 in a SEG', async () => {
    const { out, result } = await run(phiFile(SEG));
    expect(out.string('DeviceSerialNumber')).toBe('ANONYMIZED');
    expect(result.entries).toContainEqual(
      expect.objectContaining({
        keyword: 'DeviceSerialNumber',
        rule: 'E.1-1 basic X/Z/D → D (Type 1 in this IOD)',
      }),
    );
  });

  it('refuses a DICOMDIR and an instance without a SOP Instance UID', async () => {
    const dir = createDataset({ SOPClassUID: '1.2.840.10008.1.3.10', SOPInstanceUID: '1.2.3' });
    const dirFile = parsePart10(
      writePart10({ dataset: dir, transferSyntaxUid: '1.2.840.10008.1.2.1' }),
    );
    await expect(deidentifyInstance(dirFile, context())).rejects.toThrow(/DICOMDIR/);
    const bare = createDataset({ SOPClassUID: CT, PatientName: 'X^Y' });
    const bareFile = parsePart10(
      writePart10({ dataset: bare, transferSyntaxUid: '1.2.840.10008.1.2.1', strict: false }),
    );
    await expect(deidentifyInstance(bareFile, context())).rejects.toThrow(/SOP Instance UID/);
  });
});
