import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, requireCorpus } from './corpus.js';
import {
  DCM2NIIX_DERIVED_NAME,
  dcm2niixWarningKinds,
  parseDcm2niixOutput,
  runDcm2niix,
  sharedWarningKind,
} from './dcm2niix.js';
import { requirePeer } from './peers.js';

/** What dcm2niix 1.0.20220720 printed for series/dicomdir_pydicom/77654033/CT2. */
const CT2_OUTPUT = `Chris Rorden's dcm2niiX version v1.0.20220720  (JP2:OpenJPEG) GCC12.2.0 x86-64 (64-bit Linux)
Found 4 DICOM file(s)
Warning: Interslice distance varies in this volume (incompatible with NIfTI format).
Warning: Missing images? Expected 4 images, but instance number (0020,0013) ranges from 18 to 182
Convert 4 DICOM as /tmp/out/1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2_2 (16x16x4x1)
Conversion required 0.012 seconds (0.008 for core code).
`;

describe('parseDcm2niixOutput', () => {
  it('splits conversions from messages and drops the routine lines', () => {
    expect(parseDcm2niixOutput(CT2_OUTPUT)).toEqual({
      conversions: [
        {
          dicomCount: 4,
          outputBase: '/tmp/out/1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2_2',
          dimensions: [16, 16, 4, 1],
        },
      ],
      messages: [
        'Warning: Interslice distance varies in this volume (incompatible with NIfTI format).',
        'Warning: Missing images? Expected 4 images, but instance number (0020,0013) ranges from 18 to 182',
      ],
    });
  });
});

describe('dcm2niixWarningKinds', () => {
  it("maps dcm2niix's messages onto the kinds radset reports", () => {
    expect(
      dcm2niixWarningKinds([
        'Warning: Interslice distance varies in this volume (incompatible with NIfTI format).',
        'Warning: Missing images? Expected 4 images, but instance number (0020,0013) ranges from 18 to 182',
        'Warning: Note these images have gantry tilt of 45 degrees (manufacturer ID = 2)',
        'Slices not stacked: orientation varies (vNav or localizer?) [1 -0 -0 -0 1 0] != [0 1 -0 -0 0 -1]',
        'Unable to determine spatial orientation: 0020,0037 missing (probably not a problem: derived image)',
        'Slice positions repeated, but number of slices (7) not divisible by number of repeats (2): missing images?',
      ]),
    ).toEqual(
      new Set([
        'uneven-spacing',
        'instance-number-gap',
        'gantry-tilt',
        'orientation-varies',
        'no-geometry',
        'duplicate-positions',
      ]),
    );
  });

  it('ignores messages with no radset counterpart, and a lone "unable to determine slice direction"', () => {
    expect(
      dcm2niixWarningKinds([
        'Warning: Unable to determine manufacturer (0008,0070), so conversion is not tuned for vendor.',
        'Warning: Unable to determine slice direction: please check whether slices are flipped',
        'Unable to determine slice thickness: please check voxel size',
      ]).size,
    ).toBe(0);
  });

  it('puts both of radset’s spacing codes in one kind, and leaves radset-only codes out', () => {
    expect(sharedWarningKind('variable-spacing')).toBe('uneven-spacing');
    expect(sharedWarningKind('missing-slices')).toBe('uneven-spacing');
    expect(sharedWarningKind('several-stacks')).toBeUndefined();
    expect(sharedWarningKind('rescale-varies')).toBeUndefined();
  });
});

describe('DCM2NIIX_DERIVED_NAME', () => {
  it("tells dcm2niix's derived extras from its conversions", () => {
    for (const name of [
      'x_2_Eq_1',
      'x_2_Tilt_1',
      'x_2_ROI1',
      'x_2_ph',
      'x_2_real',
      'x_2_imaginary',
    ])
      expect(name).toMatch(DCM2NIIX_DERIVED_NAME);
    for (const name of ['1.2.3_2', '1.2.3_2_i00001', '1.2.3_2_e2'])
      expect(name).not.toMatch(DCM2NIIX_DERIVED_NAME);
  });
});

describe('runDcm2niix', () => {
  it('converts a corpus series and lists what it wrote', async (ctx) => {
    requireCorpus(ctx);
    requirePeer(ctx, 'dcm2niix');
    const out = await mkdtemp(join(tmpdir(), 'radset-dcm2niix-helper-'));
    try {
      const run = await runDcm2niix(corpusPath('series/dicomdir_pydicom/98892001/CT5N'), out);
      expect(run.crashed).toBe(false);
      expect(run.exitCode).toBe(0);
      expect(run.conversions).toEqual([
        {
          dicomCount: 5,
          outputBase: join(out, '1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6_5'),
          dimensions: [16, 16, 5, 1],
        },
      ]);
      expect(run.niftiFiles).toEqual([
        join(out, '1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6_5.nii'),
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
