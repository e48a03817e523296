import { describe, expect, it } from 'vitest';
import {
  createDataset,
  decodeAllFrames,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  parsePart10,
  writePart10,
  ybrToRgb,
  type DecodedFrame,
  type ElementValue,
  type TypedValue,
} from '../../dicom/index.js';
import { packBits } from './bit-plane.js';
import { asDicomFile, maskPixelData, type PixelDataFile } from './mask-pixel-data.js';
import type { PixelBox } from './pixel-box.js';

const SC = '1.2.840.10008.5.1.4.1.1.7';

interface ImageSpec {
  readonly rows: number;
  readonly columns: number;
  readonly frames?: number;
  readonly samples?: 1 | 3;
  readonly bitsAllocated: 1 | 8 | 16;
  readonly bitsStored: number;
  readonly signed?: boolean;
  readonly photometric: string;
  readonly planar?: 0 | 1;
}

/** A native image whose sample i of the whole value is a deterministic pseudo-random value in range. */
function image(spec: ImageSpec): PixelDataFile {
  const frames = spec.frames ?? 1;
  const samples = spec.samples ?? 1;
  const count = spec.rows * spec.columns * samples * frames;
  const range = 2 ** spec.bitsStored;
  const raw = Array.from({ length: count }, (_, i) => (i * 2654435761) % range);
  const values = spec.signed === true ? raw.map((v) => v - range / 2) : raw;
  let pixelData: TypedValue;
  if (spec.bitsAllocated === 1) pixelData = { vr: 'OB', value: packBits(values) };
  else if (spec.bitsAllocated === 8) pixelData = { vr: 'OB', value: Uint8Array.from(values) };
  else
    pixelData = {
      vr: 'OW',
      value: spec.signed === true ? Int16Array.from(values) : Uint16Array.from(values),
    };
  const attributes: Record<string, ElementValue | TypedValue> = {
    SOPClassUID: SC,
    SOPInstanceUID: '2.25.1',
    Modality: 'OT',
    SamplesPerPixel: samples,
    PhotometricInterpretation: spec.photometric,
    Rows: spec.rows,
    Columns: spec.columns,
    BitsAllocated: spec.bitsAllocated,
    BitsStored: spec.bitsStored,
    HighBit: spec.bitsStored - 1,
    PixelRepresentation: spec.signed === true ? 1 : 0,
    PixelData: pixelData,
  };
  if (frames > 1) attributes.NumberOfFrames = String(frames);
  if (samples > 1) attributes.PlanarConfiguration = spec.planar ?? 0;
  return { dataset: createDataset(attributes), transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN };
}

function inside(boxes: readonly PixelBox[], x: number, y: number): boolean {
  return boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height);
}

/** Masks, then checks every sample of every frame, and that the written file re-reads to the same values. */
async function maskAndCheck(
  file: PixelDataFile,
  boxes: readonly PixelBox[],
  fill: readonly number[],
  expectedOutside: (frame: DecodedFrame) => DecodedFrame = (frame) => frame,
): Promise<DecodedFrame[]> {
  const before = (await decodeAllFrames(asDicomFile(file))).map(expectedOutside);
  const result = await maskPixelData(file, boxes);
  expect(result).toEqual({
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    maskedFrames: before.length,
  });
  const bytes = writePart10({ dataset: file.dataset, transferSyntaxUid: result.transferSyntaxUid });
  const reread = parsePart10(bytes);
  expect(reread.dataset.element('PixelData')?.fragments).toBeUndefined();
  const after = await decodeAllFrames(reread);
  expect(after).toHaveLength(before.length);
  after.forEach((frame, f) => {
    const { Rows, Columns, SamplesPerPixel } = frame.description;
    const original = before[f] as DecodedFrame;
    expect(frame.photometricInterpretation).toBe(original.photometricInterpretation);
    for (let y = 0; y < Rows; y++) {
      for (let x = 0; x < Columns; x++) {
        for (let s = 0; s < SamplesPerPixel; s++) {
          const at = (y * Columns + x) * SamplesPerPixel + s;
          const expected = inside(boxes, x, y) ? fill[s] : original.values[at];
          if (frame.values[at] !== expected)
            throw new Error(
              `frame ${f} (${x},${y}) sample ${s}: ${frame.values[at]} != ${expected}`,
            );
        }
      }
    }
  });
  return after;
}

describe('maskPixelData', () => {
  it('blacks out 8-bit multi-frame MONOCHROME2 with 0, on every frame, odd-sized', async () => {
    const file = image({
      rows: 7,
      columns: 5,
      frames: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'MONOCHROME2',
    });
    await maskAndCheck(file, [{ x: 1, y: 2, width: 3, height: 2 }], [0]);
    expect(file.dataset.element('PixelData')?.vr).toBe('OB');
  });

  it('uses the lowest stored value for signed data, after sign extension to Bits Stored', async () => {
    const file = image({
      rows: 6,
      columns: 9,
      bitsAllocated: 16,
      bitsStored: 12,
      signed: true,
      photometric: 'MONOCHROME2',
    });
    await maskAndCheck(file, [{ x: 0, y: 0, width: 9, height: 2 }], [-2048]);
    expect(file.dataset.element('PixelData')?.vr).toBe('OW');
  });

  it('uses the highest value for MONOCHROME1, where high is dark', async () => {
    const file = image({
      rows: 4,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 10,
      photometric: 'MONOCHROME1',
    });
    await maskAndCheck(file, [{ x: 2, y: 2, width: 5, height: 5 }], [1023]);
  });

  it('masks every channel of RGB and stores colour-by-pixel', async () => {
    const file = image({
      rows: 5,
      columns: 6,
      frames: 2,
      samples: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'RGB',
      planar: 1,
    });
    await maskAndCheck(file, [{ x: 4, y: 0, width: 2, height: 5 }], [0, 0, 0]);
    expect(file.dataset.number('PlanarConfiguration')).toBe(0);
  });

  it('converts YBR_FULL to RGB (decoded values through ybrToRgb outside the boxes)', async () => {
    const file = image({
      rows: 3,
      columns: 4,
      samples: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'YBR_FULL',
    });
    const after = await maskAndCheck(
      file,
      [{ x: 0, y: 0, width: 1, height: 1 }],
      [0, 0, 0],
      ybrToRgb,
    );
    expect(after[0]?.photometricInterpretation).toBe('RGB');
    expect(file.dataset.string('PhotometricInterpretation')).toBe('RGB');
  });

  it('repacks Bits Allocated 1 frames that do not start on a byte', async () => {
    const file = image({
      rows: 3,
      columns: 5,
      frames: 3,
      bitsAllocated: 1,
      bitsStored: 1,
      photometric: 'MONOCHROME2',
    });
    await maskAndCheck(file, [{ x: 1, y: 1, width: 3, height: 1 }], [0]);
  });

  it('rewrites implicit VR little endian input as explicit VR little endian', async () => {
    const file = image({
      rows: 4,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 16,
      photometric: 'MONOCHROME2',
    });
    const implicit = parsePart10(
      writePart10({ dataset: file.dataset, transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN }),
    );
    await maskAndCheck(implicit, [{ x: 0, y: 0, width: 2, height: 2 }], [0]);
  });

  it('leaves the data set alone when no box meets the image', async () => {
    const file = image({
      rows: 4,
      columns: 4,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'MONOCHROME2',
    });
    const element = file.dataset.element('PixelData');
    const result = await maskPixelData(
      { dataset: file.dataset, transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN },
      [{ x: 4, y: 0, width: 3, height: 3 }],
    );
    expect(result).toEqual({ transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN, maskedFrames: 0 });
    expect(file.dataset.element('PixelData')).toBe(element);
  });

  it('reports undecodable pixel data as a DicomError', async () => {
    const file = image({
      rows: 4,
      columns: 4,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'MONOCHROME2',
    });
    file.dataset.set({
      tag: 0x7fe00010,
      vr: 'OB',
      bytes: new Uint8Array(4),
      offset: 0,
      length: 4,
      undefinedLength: false,
    });
    await expect(maskPixelData(file, [{ x: 0, y: 0, width: 1, height: 1 }])).rejects.toMatchObject({
      name: 'DicomError',
      code: 'DICOM_PIXEL_DECODE_FAILED',
    });
  });
});
