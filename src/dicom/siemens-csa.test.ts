import { describe, expect, it } from 'vitest';
import { readDicomFileSync } from './file-reader.js';
import { parseSiemensCsa, siemensCsaImageHeader } from './siemens-csa.js';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;

describe('parseSiemensCsa', () => {
  it('reads the mosaic count and slice normal of a Siemens mosaic (nibabel reads 32 images and the same normal)', () => {
    const dicom = readDicomFileSync(`${CORPUS}vendor/siemens/csa_slice_norm.dcm`);
    const csa = siemensCsaImageHeader(dicom.dataset);
    expect(csa?.get('NumberOfImagesInMosaic')).toEqual(['32']);
    expect(csa?.get('SliceNormalVector')?.length).toBe(3);
  });

  it('returns what it read before damage instead of throwing', () => {
    expect(parseSiemensCsa(new Uint8Array(3)).size).toBe(0);
    const bytes = new Uint8Array(200);
    bytes.set([0x53, 0x56, 0x31, 0x30], 0);
    new DataView(bytes.buffer).setUint32(8, 5, true);
    expect(() => parseSiemensCsa(bytes)).not.toThrow();
  });
});
