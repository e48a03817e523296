import { describe, expect, it } from 'vitest';
import { createDataset, type ElementValue } from '../../dicom/index.js';
import { ocrReason } from './ocr-policy.js';

const CT = '1.2.840.10008.5.1.4.1.1.2';

function reason(values: Record<string, ElementValue>): string | undefined {
  return ocrReason(createDataset(values));
}

describe('ocrReason (PS3.15 E.3.1: which images to search for burned-in text)', () => {
  it('runs on ultrasound by SOP class or modality, whatever BurnedInAnnotation says', () => {
    expect(
      reason({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.3.1', BurnedInAnnotation: 'NO' }),
    ).toMatch(/Ultrasound Multi-frame/);
    expect(reason({ SOPClassUID: CT, Modality: 'US', BurnedInAnnotation: 'NO' })).toMatch(
      /Modality US/,
    );
  });

  it('runs on every secondary capture class', () => {
    for (const uid of [
      '1.2.840.10008.5.1.4.1.1.7',
      '1.2.840.10008.5.1.4.1.1.7.1',
      '1.2.840.10008.5.1.4.1.1.7.4',
    ]) {
      expect(reason({ SOPClassUID: uid, BurnedInAnnotation: 'NO' })).toMatch(/secondary capture/);
    }
    // A class that merely starts with the same digits is not secondary capture.
    expect(
      reason({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.77.1.4', BurnedInAnnotation: 'NO' }),
    ).toBeUndefined();
  });

  it('runs on projection radiography and localizers', () => {
    expect(reason({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.1', BurnedInAnnotation: 'NO' })).toMatch(
      /Computed Radiography/,
    );
    expect(
      reason({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2', BurnedInAnnotation: 'NO' }),
    ).toMatch(/Mammography/);
    expect(reason({ Modality: 'DX', BurnedInAnnotation: 'NO' })).toMatch(/Modality DX/);
    expect(
      reason({
        SOPClassUID: CT,
        ImageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
        BurnedInAnnotation: 'NO',
      }),
    ).toMatch(/LOCALIZER/);
  });

  it('follows BurnedInAnnotation for other images', () => {
    expect(reason({ SOPClassUID: CT, Modality: 'CT' })).toMatch(/absent/);
    expect(reason({ SOPClassUID: CT, Modality: 'CT', BurnedInAnnotation: 'YES' })).toMatch(/YES/);
    expect(reason({ SOPClassUID: CT, Modality: 'CT', BurnedInAnnotation: 'NO' })).toBeUndefined();
  });
});
