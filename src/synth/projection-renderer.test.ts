import { describe, expect, it } from 'vitest';
import { compileLesions } from './lesions.js';
import { planStudy } from './study-plan.js';
import { renderProjection } from './projection-renderer.js';

describe('radiograph projection', () => {
  it('adds lesion attenuation exactly where the mask says, and only there', () => {
    const plan = planStudy({
      seed: 'p',
      index: 0,
      modality: 'CR',
      vendor: 'siemens',
      slices: 1,
      size: 128,
    });
    const g = plan.series[0]!.geometry;
    const detector = {
      columns: g.columns,
      rows: g.rows,
      spacingMm: g.columnSpacingMm,
      leftXMm: g.originLps[0],
      topZMm: g.originLps[2],
    };
    const withLesions = renderProjection(plan.phantom.phantom, plan.lesions, detector);
    const without = renderProjection(plan.phantom.phantom, compileLesions([]), detector);
    expect(plan.lesions.lesions.length).toBeGreaterThan(0);
    let inside = 0;
    for (let p = 0; p < withLesions.labels.length; p++) {
      const added = withLesions.pathAttenuation[p]! - without.pathAttenuation[p]!;
      if (withLesions.labels[p]! > 0) {
        inside++;
        expect(added).toBeGreaterThan(0);
      } else expect(added).toBeCloseTo(0, 12);
    }
    expect(inside).toBeGreaterThan(0);
    // Lungs attenuate less than the mediastinum: the phantom projects like a chest.
    const at = (x: number, z: number): number =>
      withLesions.pathAttenuation[
        Math.round((g.originLps[2] - z) / g.rowSpacingMm) * g.columns +
          Math.round((x - g.originLps[0]) / g.columnSpacingMm)
      ]!;
    const lung = plan.phantom.phantom.shapes.find((s) => s.tissue === 'lung')!;
    const [cx, , cz] = plan.phantom.phantom.regionCentreLps;
    expect(at(lung.centreLps[0], lung.centreLps[2])).toBeLessThan(at(cx, cz - 60));
  });
});
