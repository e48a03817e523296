import { deflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Dataset, type Fragment } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import type { DicomFile } from '../part10.js';
import { lookupTransferSyntax } from '../transfer-syntax.js';
import { createDataset, setValue } from '../value-encoder.js';
import { DEFLATED_FRAME_CODEC } from './deflated-frame.js';
import { decodeAllFrames, decodeFrame, NATIVE_CODEC } from './frame-decoder.js';
import { frameSha256Hex } from './frame-digest.js';
import { RLE_CODEC } from './rle-decoder.js';

function dicomFile(dataset: Dataset, transferSyntaxUid: string): DicomFile {
  return {
    meta: new Dataset(),
    dataset,
    transferSyntaxUid,
    transferSyntax: lookupTransferSyntax(transferSyntaxUid),
    hasPreamble: true,
    hasMeta: true,
    headerOnly: false,
    datasetOffset: 0,
    warnings: [],
  };
}

const image = {
  Rows: 1,
  Columns: 5,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  PixelRepresentation: 0,
};

/** Sets encapsulated Pixel Data: an empty Basic Offset Table, then one fragment per frame (PS3.5 A.4). */
function setEncapsulated(dataset: Dataset, frames: readonly Uint8Array[]): void {
  const padded = frames.map((f) => (f.length % 2 === 0 ? f : Uint8Array.from([...f, 0])));
  const total = 8 + padded.reduce((sum, f) => sum + 8 + f.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const fragments: Fragment[] = [{ offset: 8, length: 0 }];
  let at = 8;
  view.setUint32(0, 0xe000fffe, true);
  padded.forEach((f) => {
    view.setUint32(at, 0xe000fffe, true);
    view.setUint32(at + 4, f.length, true);
    bytes.set(f, at + 8);
    fragments.push({ offset: at + 8, length: f.length });
    at += 8 + f.length;
  });
  dataset.set({
    tag: 0x7fe00010,
    vr: 'OB',
    bytes,
    offset: 0,
    length: total,
    undefinedLength: true,
    fragments,
  });
}

async function failure(run: () => Promise<unknown>): Promise<DicomError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof DicomError) return e;
    throw e;
  }
  throw new Error('expected a DicomError');
}

describe('decodeFrame / decodeAllFrames', () => {
  test('native: every frame, with its description and codec', async () => {
    const ds = createDataset({
      ...image,
      BitsAllocated: 16,
      BitsStored: 16,
      NumberOfFrames: '2',
      PixelData: { vr: 'OW', value: Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) },
    });
    const frames = await decodeAllFrames(dicomFile(ds, '1.2.840.10008.1.2.1'));
    expect(frames.map((f) => Array.from(f.values))).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    expect(frames[1]).toMatchObject({
      frameIndex: 1,
      valueType: 'uint16',
      photometricInterpretation: 'MONOCHROME2',
      codec: NATIVE_CODEC,
    });
    expect(frameSha256Hex(frames[0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('Deflated Image Frame Compression: each 1-bit frame deflated from its own first bit', async () => {
    const ds = createDataset({ ...image, BitsAllocated: 1, BitsStored: 1, NumberOfFrames: '2' });
    setEncapsulated(ds, [
      deflateRawSync(Uint8Array.from([0b10101])),
      deflateRawSync(Uint8Array.from([0b01110])),
    ]);
    const frames = await decodeAllFrames(dicomFile(ds, '1.2.840.10008.1.2.8.1'));
    expect(frames.map((f) => Array.from(f.values))).toEqual([
      [1, 0, 1, 0, 1],
      [0, 1, 1, 1, 0],
    ]);
    expect(frames[0]?.codec).toBe(DEFLATED_FRAME_CODEC);
  });

  test('a deflated frame that inflates past the frame size is refused, not allocated', async () => {
    const ds = createDataset({ ...image, BitsAllocated: 8, BitsStored: 8 });
    setEncapsulated(ds, [deflateRawSync(new Uint8Array(1_000_000))]);
    const e = await failure(() =>
      decodeFrame(dicomFile(ds, '1.2.840.10008.1.2.8.1'), 0, { file: 'bomb.dcm' }),
    );
    expect(e.code).toBe('DICOM_PIXEL_DECODE_FAILED');
    expect(e.message).toMatch(
      /bomb\.dcm.*frame 0 \(Deflated Image Frame Compression, Deflate.*more than the 5 bytes/,
    );
  });

  test('RLE frames go through the RLE decoder', async () => {
    const header = new Uint8Array(64);
    new DataView(header.buffer).setUint32(0, 1, true);
    new DataView(header.buffer).setUint32(4, 64, true);
    const ds = createDataset({ ...image, BitsAllocated: 8, BitsStored: 8 });
    setEncapsulated(ds, [Uint8Array.from([...header, 4, 9, 8, 7, 6, 5])]);
    const frame = await decodeFrame(dicomFile(ds, '1.2.840.10008.1.2.5'), 0);
    expect(Array.from(frame.values)).toEqual([9, 8, 7, 6, 5]);
    expect(frame.codec).toBe(RLE_CODEC);
  });

  test('a corrupt frame is DICOM_PIXEL_DECODE_FAILED naming file, frame, syntax and codec', async () => {
    const ds = createDataset({ ...image, BitsAllocated: 8, BitsStored: 8 });
    setEncapsulated(ds, [
      Uint8Array.from([
        0xff, 0xd8, 0xff, 0xf7, 0, 11, 8, 0, 1, 0, 5, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0,
        0, 0, 0x12, 0xff, 0xd9,
      ]),
    ]);
    const e = await failure(() =>
      decodeFrame(dicomFile(ds, '1.2.840.10008.1.2.4.80'), 0, { file: 'broken.dcm' }),
    );
    expect(e.code).toBe('DICOM_PIXEL_DECODE_FAILED');
    expect(e.file).toBe('broken.dcm');
    expect(e.message).toContain('frame 0 (JPEG-LS Lossless Image Compression, CharLS');
  });

  test('unsupported and unknown transfer syntaxes, missing pixel data, bad frame numbers', async () => {
    const ds = createDataset({ ...image, BitsAllocated: 8, BitsStored: 8 });
    setEncapsulated(ds, [new Uint8Array(4)]);
    expect(
      (await failure(() => decodeFrame(dicomFile(ds, '1.2.840.10008.1.2.4.102'), 0))).code,
    ).toBe('DICOM_UNSUPPORTED_TRANSFER_SYNTAX');
    expect((await failure(() => decodeFrame(dicomFile(ds, '1.2.3.4.5'), 0))).code).toBe(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
    );
    await expect(decodeFrame(dicomFile(ds, '1.2.840.10008.1.2.5'), 1)).rejects.toThrow(RangeError);
    const headerOnly = createDataset({ ...image, BitsAllocated: 8, BitsStored: 8 });
    headerOnly.set({
      tag: 0x7fe00010,
      vr: 'OB',
      bytes: undefined,
      offset: 1234,
      length: 5,
      undefinedLength: false,
    });
    expect(
      (await failure(() => decodeFrame(dicomFile(headerOnly, '1.2.840.10008.1.2.1'), 0))).code,
    ).toBe('DICOM_NO_PIXEL_DATA');
    const noPixels = createDataset(image);
    setValue(noPixels, 'BitsAllocated', 8);
    expect(
      (
        await failure(() =>
          decodeFrame(dicomFile(noPixels, '1.2.840.10008.1.2.1'), 0, { file: 'x.dcm' }),
        )
      ).message,
    ).toContain('x.dcm');
  });
});
