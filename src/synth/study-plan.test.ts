import { describe, expect, it } from 'vitest';
import { tissueIndex } from './phantom.js';
import { planStudy } from './study-plan.js';
import { VENDOR_STYLES, SYNTH_MODALITIES } from './vendor-profiles.js';
import { lpsToVoxel } from './volume-geometry.js';

describe('study plans', () => {
  const plans = SYNTH_MODALITIES.flatMap((modality) =>
    VENDOR_STYLES.map((vendor, i) =>
      planStudy({ seed: 's', index: i, modality, vendor, slices: 12, size: 96 }),
    ),
  );

  it('places 1-3 lesions inside the host tissue and inside every series', () => {
    for (const plan of plans) {
      expect(plan.lesions.lesions.length).toBeGreaterThanOrEqual(1);
      expect(plan.lesions.lesions.length).toBeLessThanOrEqual(3);
      const host = tissueIndex(plan.phantom.phantom.lesionHost);
      for (const lesion of plan.lesions.lesions) {
        expect(plan.phantom.tissueAt(...lesion.centreLps)).toBe(host);
        expect(lesion.volumeMm3).toBeCloseTo(
          (4 / 3) * Math.PI * lesion.radiiMm[0] * lesion.radiiMm[1] * lesion.radiiMm[2],
          6,
        );
        for (const series of plan.series) {
          const [i, j, k] = lpsToVoxel(series.geometry, lesion.centreLps);
          expect(i).toBeGreaterThanOrEqual(0);
          expect(i).toBeLessThanOrEqual(series.geometry.columns - 1);
          expect(j).toBeGreaterThanOrEqual(0);
          expect(j).toBeLessThanOrEqual(series.geometry.rows - 1);
          if (plan.modality !== 'CR') {
            expect(k).toBeGreaterThanOrEqual(0);
            expect(k).toBeLessThanOrEqual(series.geometry.slices - 1);
          }
        }
      }
    }
  });

  it('is deterministic for a seed and index', () => {
    const a = planStudy({
      seed: 'x',
      index: 3,
      modality: 'MR',
      vendor: 'ge',
      slices: 10,
      size: 64,
    });
    const b = planStudy({
      seed: 'x',
      index: 3,
      modality: 'MR',
      vendor: 'ge',
      slices: 10,
      size: 64,
    });
    expect(a.patient).toEqual(b.patient);
    expect(a.lesions.lesions).toEqual(b.lesions.lesions);
    expect(a.series.map((s) => s.geometry)).toEqual(b.series.map((s) => s.geometry));
    const c = planStudy({
      seed: 'y',
      index: 3,
      modality: 'MR',
      vendor: 'ge',
      slices: 10,
      size: 64,
    });
    expect(c.studyInstanceUid).not.toBe(a.studyInstanceUid);
  });

  it('makes consistent fake identities: age matches birth and study dates', () => {
    for (const plan of plans) {
      const birth = plan.patient.birthDate;
      expect(birth).toMatch(/^\d{8}$/);
      const studyDate = new Date(plan.studyDay * 86_400_000);
      const born = new Date(
        Date.UTC(
          Number(birth.slice(0, 4)),
          Number(birth.slice(4, 6)) - 1,
          Number(birth.slice(6, 8)),
        ),
      );
      let years = studyDate.getUTCFullYear() - born.getUTCFullYear();
      if (
        studyDate.getUTCMonth() < born.getUTCMonth() ||
        (studyDate.getUTCMonth() === born.getUTCMonth() &&
          studyDate.getUTCDate() < born.getUTCDate())
      )
        years--;
      expect(plan.patient.age).toBe(`${String(years).padStart(3, '0')}Y`);
    }
  });
});
