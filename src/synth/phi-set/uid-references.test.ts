import { describe, expect, it } from 'vitest';
import { buildTracked, sq } from './phi-tree.js';
import { UidRegistry, uidReferences } from './uid-references.js';

describe('uidReferences', () => {
  it('finds nested UIDs defined by other files, not a file’s own defining UIDs', () => {
    const image = buildTracked({
      SOPInstanceUID: '2.25.10',
      SeriesInstanceUID: '2.25.11',
      StudyInstanceUID: '2.25.12',
      FrameOfReferenceUID: '2.25.13',
    }).dataset;
    const report = buildTracked({
      SOPInstanceUID: '2.25.20',
      StudyInstanceUID: '2.25.12',
      ReferencedImageSequence: sq({ ReferencedSOPInstanceUID: '2.25.10' }),
      ReferencedFrameOfReferenceSequence: sq({ FrameOfReferenceUID: '2.25.13' }),
      ReferencedPerformedProcedureStepSequence: sq({ ReferencedSOPInstanceUID: '2.25.99' }),
    }).dataset;
    const registry = new UidRegistry();
    registry.define('IMG', image);
    registry.define('SR', report);
    expect(uidReferences('SR', report, registry)).toEqual([
      {
        fromFile: 'SR',
        path: '(0008,1140)[0]/(0008,1155)',
        uid: '2.25.10',
        toFile: 'IMG',
        target: 'instance',
      },
      {
        fromFile: 'SR',
        path: '(3006,0010)[0]/(0020,0052)',
        uid: '2.25.13',
        toFile: 'IMG',
        target: 'frame-of-reference',
      },
    ]);
    expect(registry.lookup('2.25.12')).toEqual({ file: 'IMG', target: 'study' });
  });
});
