import { describe, expect, it } from 'vitest';
import { EXPLICIT_VR_LITTLE_ENDIAN, parsePart10, writePart10 } from '../../dicom/index.js';
import { buildTracked, containing, mark, phi, safe, sq } from './phi-tree.js';

describe('buildTracked', () => {
  it('records each planted value with its element path, items indexed from 0', () => {
    const built = buildTracked({
      PatientName: phi('name', 'DOE^JANE'),
      OperatorsName: phi('name', ['ROE^RICHARD', 'POE^EDGAR']),
      RequestAttributesSequence: sq(
        { RequestedProcedureID: 'RP1' },
        {
          RequestedProcedureDescription: containing(
            'CT for DOE JANE on 20230405',
            mark('name', 'DOE JANE'),
            mark('date', '20230405'),
          ),
        },
      ),
    });
    expect(built.plants).toEqual([
      { location: '(0010,0010)', kind: 'name', value: 'DOE^JANE' },
      { location: '(0008,1070)', kind: 'name', value: 'ROE^RICHARD' },
      { location: '(0008,1070)', kind: 'name', value: 'POE^EDGAR' },
      { location: '(0040,0275)[1]/(0032,1060)', kind: 'name', value: 'DOE JANE' },
      { location: '(0040,0275)[1]/(0032,1060)', kind: 'date', value: '20230405' },
    ]);
    expect(built.dataset.strings('OperatorsName')).toEqual(['ROE^RICHARD', 'POE^EDGAR']);
    expect(built.dataset.sequence('RequestAttributesSequence')?.[1]?.string(0x00321060)).toBe(
      'CT for DOE JANE on 20230405',
    );
  });

  it('names the private creator of a safe private element, at any depth', () => {
    const built = buildTracked({
      '20050010': 'Philips MR Imaging DD 001',
      '2005100E': safe('PS3.15 E.3.10-1', 'FL', 0.5),
      SharedFunctionalGroupsSequence: sq({
        '00430010': 'GEMS_PARM_01',
        '00431027': safe('PS3.15 E.3.10-1', 'SH', '0.984:1'),
      }),
    });
    expect(built.safe).toEqual([
      {
        location: '(2005,100E)',
        creator: 'Philips MR Imaging DD 001',
        vr: 'FL',
        value: '0.5',
        source: 'PS3.15 E.3.10-1',
      },
      {
        location: '(5200,9229)[0]/(0043,1027)',
        creator: 'GEMS_PARM_01',
        vr: 'SH',
        value: '0.984:1',
        source: 'PS3.15 E.3.10-1',
      },
    ]);
    expect(built.dataset.numbers(0x2005100e)).toEqual([0.5]);
  });

  it('encodes items in the character set of the enclosing data set', () => {
    const built = buildTracked({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '2.25.1',
      SpecificCharacterSet: 'ISO_IR 100',
      OtherPatientIDsSequence: sq({ PatientID: 'X1', IssuerOfPatientID: 'Hôpital' }),
    });
    const item = built.dataset.sequence('OtherPatientIDsSequence')?.[0];
    expect(item?.bytes('IssuerOfPatientID')).toEqual(
      Uint8Array.from([...'Hôpital', ' '], (c) => c.charCodeAt(0)),
    );
    const read = parsePart10(
      writePart10({ dataset: built.dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN }),
    );
    expect(read.dataset.sequence('OtherPatientIDsSequence')?.[0]?.string('IssuerOfPatientID')).toBe(
      'Hôpital',
    );
  });

  it('writes encapsulated fragments after an empty Basic Offset Table', () => {
    const built = buildTracked({ PixelData: { fragments: [Uint8Array.of(1, 2, 3, 4)] } });
    const element = built.dataset.element('PixelData');
    expect(element?.fragments).toEqual([
      { offset: 0, length: 0 },
      { offset: 0, length: 4 },
    ]);
  });

  it('leaves undefined values out', () => {
    const built = buildTracked({ PatientName: 'A^B', PatientID: undefined });
    expect(built.dataset.has('PatientID')).toBe(false);
  });
});
