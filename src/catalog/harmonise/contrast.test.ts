import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { contrastFromAttributes, contrastFromText, harmoniseContrast } from './contrast.js';

describe('contrast from descriptions', () => {
  it('reads contrast given', () => {
    const yes = [
      'Abdomen C+/Abdomen',
      'CT HEAD C+',
      'CT CHEST +C',
      'CT Upper Abdomen with contrast',
      'CT abdomen w contrast',
      'CT abdomen w/ contrast',
      'MR brain W/CONTRAST',
      'AX T1 POST CONTRAST',
      'ax t1 post-gad',
      'T1 postcontrast',
      'contrast enhanced MRA',
      'CE-MRA',
      'PORTAL VENOUS',
      'arterial phase',
      'with IV contrast',
    ];
    for (const text of yes) expect(contrastFromText(text), text).toBe('yes');
  });

  it('reads contrast not given', () => {
    const no = [
      'CT HEAD C-',
      'CT, HEAD/BRAIN WO CONTRAST',
      'PELVIS W/O CONT',
      'CT abdomen without contrast',
      'without IV contrast',
      'NON CONTRAST CT',
      'non-contrast',
      'noncontrast head',
      'no contrast',
      '1A TRAUMA/PLAIN HEAD DM',
      'Thorax nativ',
      'T1 pre-contrast',
      'unenhanced',
    ];
    for (const text of no) expect(contrastFromText(text), text).toBe('no');
  });

  it('says nothing for both phases, for nothing, and for look-alikes', () => {
    const none = [
      'CT ABD W/WO',
      'MR brain with and without contrast',
      'C-/C+',
      'pre and post',
      'XR C-SPINE',
      'C-ARM',
      'R3.2.2 Enhanced Dicom Phantom',
      'PET 7S 6IT 6 POST',
      'Routine Brain',
      'WOrkflow',
      '',
    ];
    for (const text of none) expect(contrastFromText(text), text).toBeNull();
  });
});

describe('contrast from attributes', () => {
  it('reads an agent, route, agent code or volume as contrast given', () => {
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: 'ISOVUE300/100' }))).toBe(
      'yes',
    );
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: 'CE' }))).toBe('yes');
    expect(contrastFromAttributes(createDataset({ ContrastBolusRoute: 'IV' }))).toBe('yes');
    expect(contrastFromAttributes(createDataset({ ContrastBolusVolume: '80' }))).toBe('yes');
    const coded = createDataset({
      ContrastBolusAgentSequence: [
        createDataset({
          CodeValue: 'C-B0322',
          CodingSchemeDesignator: 'SRT',
          CodeMeaning: 'Gadolinium',
        }),
      ],
    });
    expect(contrastFromAttributes(coded)).toBe('yes');
  });

  it('reads NONE/NO as not given and dummies or zero volume as nothing', () => {
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: 'NONE' }))).toBe('no');
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: 'No' }))).toBe('no');
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: 'ANONYMIZED' }))).toBeNull();
    expect(contrastFromAttributes(createDataset({ ContrastBolusAgent: '' }))).toBeNull();
    expect(contrastFromAttributes(createDataset({ ContrastBolusVolume: '0' }))).toBeNull();
    expect(contrastFromAttributes(createDataset({ ContrastBolusVolume: 'garbage' }))).toBeNull();
    expect(contrastFromAttributes(createDataset({}))).toBeNull();
  });

  it('reads the Contrast/Bolus Usage functional group of enhanced objects', () => {
    const usage = (administered: string) =>
      createDataset({
        SharedFunctionalGroupsSequence: [
          createDataset({
            ContrastBolusUsageSequence: [
              createDataset({
                ContrastBolusAgentNumber: 1,
                ContrastBolusAgentAdministered: administered,
              }),
            ],
          }),
        ],
      });
    expect(contrastFromAttributes(usage('YES'))).toBe('yes');
    expect(contrastFromAttributes(usage('NO'))).toBe('no');
  });
});

describe('harmoniseContrast', () => {
  it('puts recorded contrast first, then descriptions, then an explicit NONE', () => {
    expect(
      harmoniseContrast(
        createDataset({ ContrastBolusAgent: 'Omniscan', SeriesDescription: 'pre' }),
      ),
    ).toBe('yes');
    expect(
      harmoniseContrast(
        createDataset({ ContrastBolusAgent: 'NONE', SeriesDescription: 'T1 post gad' }),
      ),
    ).toBe('yes');
    expect(harmoniseContrast(createDataset({ ContrastBolusAgent: 'NONE' }))).toBe('no');
    expect(
      harmoniseContrast(
        createDataset({ SeriesDescription: 'AX T1 C+', StudyDescription: 'MR brain W/WO' }),
      ),
    ).toBe('yes');
    expect(
      harmoniseContrast(
        createDataset({ SeriesDescription: 'AX T1', StudyDescription: 'MR brain W/WO' }),
      ),
    ).toBeNull();
    expect(harmoniseContrast(createDataset({ ProtocolName: 'Abdomen C+/Abdomen' }))).toBe('yes');
  });
});
