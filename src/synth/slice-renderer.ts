import type { CompiledLesions } from './lesions.js';
import type { CompiledPhantom } from './phantom.js';
import type { VolumeGeometry } from './volume-geometry.js';

/** Per-pixel tissue indices and lesion labels of one slice, row-major (index `row · columns + column`). */
export interface SliceMaps {
  readonly tissues: Uint8Array;
  readonly labels: Uint8Array;
}

/** Allocates maps for slices of a geometry. */
export function createSliceMaps(geometry: VolumeGeometry): SliceMaps {
  const size = geometry.rows * geometry.columns;
  return { tissues: new Uint8Array(size), labels: new Uint8Array(size) };
}

/**
 * Samples the phantom and lesions at the centre of every pixel of slice k
 * (positions per PS3.3 C.7.6.2.1.1). The label map is exactly what the
 * ground-truth mask stores for that slice, so masks and images agree voxel for voxel.
 */
export function renderSliceMaps(
  phantom: CompiledPhantom,
  lesions: CompiledLesions,
  geometry: VolumeGeometry,
  k: number,
  out: SliceMaps,
): void {
  const g = geometry;
  const [ox, oy, oz] = g.originLps;
  const [nx, ny, nz] = g.normalLps;
  const [rx, ry, rz] = g.rowDirectionLps;
  const [cx, cy, cz] = g.columnDirectionLps;
  const along = k * g.sliceSpacingMm;
  const sx = ox + nx * along;
  const sy = oy + ny * along;
  const sz = oz + nz * along;
  const stepX = rx * g.columnSpacingMm;
  const stepY = ry * g.columnSpacingMm;
  const stepZ = rz * g.columnSpacingMm;
  const hasLesions = lesions.lesions.length > 0;
  for (let j = 0; j < g.rows; j++) {
    const down = j * g.rowSpacingMm;
    let x = sx + cx * down;
    let y = sy + cy * down;
    let z = sz + cz * down;
    const rowOffset = j * g.columns;
    for (let i = 0; i < g.columns; i++) {
      out.tissues[rowOffset + i] = phantom.tissueAt(x, y, z);
      out.labels[rowOffset + i] = hasLesions ? lesions.labelAt(x, y, z) : 0;
      x += stepX;
      y += stepY;
      z += stepZ;
    }
  }
}
