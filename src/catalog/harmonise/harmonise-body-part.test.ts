import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { harmoniseBodyPart } from './harmonise-body-part.js';

describe('harmoniseBodyPart', () => {
  it('trusts Body Part Examined first', () => {
    const dataset = createDataset({
      BodyPartExamined: 'CHEST',
      SeriesDescription: 'CT chest abdomen pelvis',
    });
    expect(harmoniseBodyPart(dataset)).toEqual({
      bodyPart: 'CHEST',
      bodyPartSource: 'BodyPartExamined',
    });
  });

  it('scans a Body Part Examined that is free text', () => {
    expect(harmoniseBodyPart(createDataset({ BodyPartExamined: 'LEFT KNEE' }))).toEqual({
      bodyPart: 'KNEE',
      bodyPartSource: 'BodyPartExamined',
    });
  });

  it('goes on to the anatomic region, then descriptions, then the protocol', () => {
    const region = createDataset({
      BodyPartExamined: 'ANNOON',
      AnatomicRegionSequence: [
        createDataset({
          CodeValue: '80891009',
          CodingSchemeDesignator: 'SCT',
          CodeMeaning: 'Heart',
        }),
      ],
      SeriesDescription: 'brain',
    });
    expect(harmoniseBodyPart(region)).toEqual({
      bodyPart: 'HEART',
      bodyPartSource: 'anatomic-region',
    });

    const series = createDataset({ SeriesDescription: 'HELICAL CHEST', StudyDescription: 'Brain' });
    expect(harmoniseBodyPart(series)).toEqual({ bodyPart: 'CHEST', bodyPartSource: 'description' });

    const study = createDataset({ SeriesDescription: 'Scout', StudyDescription: 'XR C Spine' });
    expect(harmoniseBodyPart(study)).toEqual({ bodyPart: 'CSPINE', bodyPartSource: 'description' });

    const protocol = createDataset({
      BodyPartExamined: 'TOTAL B',
      ProtocolName: 'COLLO CRANIO TOTBODY SENZA E CON',
    });
    expect(harmoniseBodyPart(protocol)).toEqual({
      bodyPart: 'WHOLEBODY',
      bodyPartSource: 'protocol',
    });
  });

  it('keeps looking past OTHER, and returns it when nothing is more specific', () => {
    const aorta = createDataset({ BodyPartExamined: 'AORTA', StudyDescription: 'CTA chest' });
    expect(harmoniseBodyPart(aorta)).toEqual({ bodyPart: 'CHEST', bodyPartSource: 'description' });
    const phantom = createDataset({ BodyPartExamined: 'PHANTOM', Modality: 'MG' });
    expect(harmoniseBodyPart(phantom)).toEqual({
      bodyPart: 'OTHER',
      bodyPartSource: 'BodyPartExamined',
    });
  });

  it('takes BREAST from modality MG only when nothing else says', () => {
    expect(harmoniseBodyPart(createDataset({ Modality: 'MG' }))).toEqual({
      bodyPart: 'BREAST',
      bodyPartSource: 'modality',
    });
    expect(
      harmoniseBodyPart(createDataset({ Modality: 'mg', BodyPartExamined: 'CHEST' })).bodyPart,
    ).toBe('CHEST');
    expect(harmoniseBodyPart(createDataset({ Modality: 'CT' }))).toEqual({
      bodyPart: null,
      bodyPartSource: null,
    });
  });
});
