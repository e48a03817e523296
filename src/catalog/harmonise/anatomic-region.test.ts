import { describe, expect, it } from 'vitest';
import { createDataset, type Dataset } from '../../dicom/index.js';
import { bodyPartFromAnatomicRegion, bodyPartFromCode } from './anatomic-region.js';

function code(value: string, scheme: string, meaning: string): Dataset {
  return createDataset({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });
}

describe('Anatomic Region Sequence', () => {
  it('maps CID 4031 SNOMED CT codes and their SNOMED RT predecessors', () => {
    expect(bodyPartFromCode(code('816094009', 'SCT', 'Chest'))).toBe('CHEST');
    expect(bodyPartFromCode(code('T-D3000', 'SRT', 'Chest'))).toBe('CHEST');
    expect(bodyPartFromCode(code('818982008', 'SCT', 'Abdomen and Pelvis'))).toBe('ABDOMEN_PELVIS');
    expect(bodyPartFromCode(code('416775004', 'SCT', 'Chest, Abdomen and Pelvis'))).toBe(
      'CHEST_ABDOMEN_PELVIS',
    );
    expect(bodyPartFromCode(code('T-D0010', 'SRT', 'Entire body'))).toBe('WHOLEBODY');
    expect(bodyPartFromCode(code('122494005', 'SCT', 'Cervical spine'))).toBe('CSPINE');
    expect(bodyPartFromCode(code('72696002', 'SCT', 'Knee'))).toBe('KNEE');
  });

  it('falls back to the code meaning for codes it does not know or other schemes', () => {
    expect(bodyPartFromCode(code('99999', '99LOCAL', 'Left knee'))).toBe('KNEE');
    expect(bodyPartFromCode(code('1234', 'SCT', 'Abdomen'))).toBe('ABDOMEN');
    // A DCM code with an SCT-looking value is not read as SNOMED.
    expect(bodyPartFromCode(code('12738006', 'DCM', 'Thing'))).toBeNull();
    expect(bodyPartFromCode(createDataset({}))).toBeNull();
  });

  it('reads the top-level sequence, else the Frame Anatomy functional group', () => {
    const topLevel = createDataset({
      AnatomicRegionSequence: [
        code('706342009', 'SCT', 'Phantom'),
        code('12738006', 'SCT', 'Brain'),
      ],
    });
    expect(bodyPartFromAnatomicRegion(topLevel)).toBe('BRAIN');

    const frameAnatomy = createDataset({
      FrameAnatomySequence: [
        createDataset({
          AnatomicRegionSequence: [code('T-D9200', 'SRT', 'Knee')],
          FrameLaterality: 'U',
        }),
      ],
    });
    const enhanced = createDataset({
      SharedFunctionalGroupsSequence: [createDataset({ FrameAnatomySequence: [] })],
      PerFrameFunctionalGroupsSequence: [
        createDataset({
          FrameAnatomySequence: frameAnatomy.sequence('FrameAnatomySequence') ?? [],
        }),
      ],
    });
    expect(bodyPartFromAnatomicRegion(enhanced)).toBe('KNEE');
  });

  it('says OTHER only when no item names a region, and null for no sequence', () => {
    const phantom = createDataset({
      AnatomicRegionSequence: [code('706342009', 'SCT', 'Phantom')],
    });
    expect(bodyPartFromAnatomicRegion(phantom)).toBe('OTHER');
    expect(bodyPartFromAnatomicRegion(createDataset({ AnatomicRegionSequence: [] }))).toBeNull();
    expect(bodyPartFromAnatomicRegion(createDataset({}))).toBeNull();
  });
});
