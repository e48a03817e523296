/**
 * Resampling speed on a CT-sized volume: 512×512×300 int16 (0.7 × 0.7 × 1.25 mm)
 * to 1 mm isotropic, trilinear and nearest, axis-aligned and oblique.
 *
 * Command: `npx tsx bench/resample.ts [--polymorphic]`. With `--polymorphic`
 * the kernels first run on every voxel container type, as they would in a
 * long-lived process that has seen uint8 labels, float32 maps and int16 CT,
 * so the figure includes the cost of polymorphic typed-array reads.
 */
import { performance } from 'node:perf_hooks';
import { affineFromColumns, type Affine } from '../src/volume/affine.js';
import { resampleVolume, type ResampleOptions } from '../src/volume/resample.js';
import type { Volume, VoxelArray } from '../src/volume/volume.js';

function ctVolume(ijkToLps: Affine): Volume {
  const [nx, ny, nz] = [512, 512, 300];
  const voxels = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const r = Math.hypot(i - 256, j - 256);
        voxels[i + nx * (j + ny * k)] = r < 200 ? 1024 + ((i * 7 + j * 3 + k * 5) % 200) : 0;
      }
    }
  }
  return {
    dimensions: [nx, ny, nz, 1],
    samplesPerVoxel: 1,
    ijkToLps,
    hasGeometry: true,
    voxels,
    rescale: { slope: 1, intercept: -1024, units: 'HU' },
  };
}

function warmPolymorphic(): void {
  const makers: ((n: number) => VoxelArray)[] = [
    (n) => new Uint8Array(n),
    (n) => new Int8Array(n),
    (n) => new Uint16Array(n),
    (n) => new Int16Array(n),
    (n) => new Uint32Array(n),
    (n) => new Int32Array(n),
    (n) => new Float32Array(n),
    (n) => new Float64Array(n),
  ];
  for (let round = 0; round < 3; round++) {
    for (const make of makers) {
      const voxels = make(40 * 40 * 40).fill(3);
      const volume: Volume = {
        dimensions: [40, 40, 40, 1],
        samplesPerVoxel: 1,
        ijkToLps: affineFromColumns([0.7, 0, 0], [0, 0.7, 0], [0, 0, 1.3], [0, 0, 0]),
        hasGeometry: true,
        voxels,
        rescale: { slope: 1, intercept: 0, units: undefined },
      };
      resampleVolume(volume, { interpolation: 'linear', spacingMm: [0.5, 0.5, 0.5] });
      resampleVolume(volume, { interpolation: 'nearest', spacingMm: [0.5, 0.5, 0.5] });
    }
  }
}

function time(label: string, volume: Volume, options: ResampleOptions): void {
  const passes: number[] = [];
  let dimensions = '';
  let voxels = 0;
  for (let pass = 1; pass <= 5; pass++) {
    const start = performance.now();
    const out = resampleVolume(volume, options);
    passes.push((performance.now() - start) / 1000);
    const [x, y, z] = out.dimensions;
    dimensions = `${x}×${y}×${z}`;
    voxels = x * y * z;
  }
  const best = Math.min(...passes);
  console.log(
    `${label}: best ${best.toFixed(3)} s → ${dimensions} (${(voxels / best / 1e6).toFixed(1)} M voxels/s); ` +
      `passes ${passes.map((s) => s.toFixed(3)).join(', ')}`,
  );
}

const polymorphic = process.argv.includes('--polymorphic');
if (polymorphic) warmPolymorphic();
console.log(`Node ${process.version}; kernels ${polymorphic ? 'polymorphic' : 'monomorphic'}`);

const axial = ctVolume(
  affineFromColumns([0.7, 0, 0], [0, 0.7, 0], [0, 0, 1.25], [-179, -179, -100]),
);
time('axis-aligned linear 1 mm', axial, { interpolation: 'linear', spacingMm: [1, 1, 1] });
time('axis-aligned nearest 1 mm', axial, { interpolation: 'nearest', spacingMm: [1, 1, 1] });

const angle = (12 * Math.PI) / 180;
const [c, s] = [Math.cos(angle), Math.sin(angle)];
const oblique = ctVolume(
  affineFromColumns(
    [0.7 * c, 0.7 * s, 0],
    [-0.7 * s * c, 0.7 * c * c, 0.7 * s],
    [0, 0, 1.25],
    [0, 0, 0],
  ),
);
time('oblique → LPS linear 1 mm', oblique, {
  interpolation: 'linear',
  spacingMm: [1, 1, 1],
  orientation: 'LPS',
});
