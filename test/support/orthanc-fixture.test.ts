import { describe, expect, it } from 'vitest';
import { corpusPath, requireCorpus } from './corpus.js';
import { ORTHANC, orthancAvailable, startOrthanc } from './orthanc.js';
import { requirePeer, skipOrFail } from './peers.js';

describe('startOrthanc', () => {
  it('starts an empty Orthanc with DICOMweb, stores uploads and cleans up on stop', async (ctx) => {
    requirePeer(ctx, 'Orthanc', { command: ORTHANC });
    requireCorpus(ctx);
    if (!orthancAvailable()) skipOrFail(ctx, 'Orthanc DICOMweb plugin (orthanc-dicomweb) missing');
    const orthanc = await startOrthanc({
      aeTitle: 'RADSETTEST',
      modalities: { radset: { aeTitle: 'RADSET_SCP', host: '127.0.0.1', port: 11112 } },
    });
    try {
      expect(orthanc.dicomwebUrl).toBe(`${orthanc.restUrl}/dicom-web`);
      const system = (await (await fetch(`${orthanc.restUrl}/system`)).json()) as {
        DicomAet: string;
        DicomPort: number;
      };
      expect(system.DicomAet).toBe('RADSETTEST');
      expect(system.DicomPort).toBe(orthanc.dicomPort);
      const modalities = (await (
        await fetch(`${orthanc.restUrl}/modalities?expand`)
      ).json()) as Record<string, { AET: string; Host: string; Port: number }>;
      expect(modalities.radset).toMatchObject({
        AET: 'RADSET_SCP',
        Host: '127.0.0.1',
        Port: 11112,
      });
      const ids = await orthanc.upload([corpusPath('syntaxes/explicit_vr_le/CT_small.dcm')]);
      expect(ids).toHaveLength(1);
      const studies = await fetch(`${orthanc.dicomwebUrl}/studies`, {
        headers: { Accept: 'application/dicom+json' },
      });
      expect(studies.status).toBe(200);
      expect(((await studies.json()) as unknown[]).length).toBe(1);
    } finally {
      await orthanc.stop();
    }
    await orthanc.stop();
    await expect(fetch(`${orthanc.restUrl}/system`)).rejects.toThrow();
  });
});
