import { describe, expect, test } from 'vitest';
import { Dataset, type DataElement, type Fragment } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import { setValue } from '../value-encoder.js';
import { encapsulatedFrameLayout, frameBytes } from './encapsulated-frames.js';

/** Encapsulated pixel data (PS3.5 A.4): items of the given values, the first being the Basic Offset Table. */
function encapsulated(items: readonly Uint8Array[]): DataElement {
  const total = items.reduce((sum, item) => sum + 8 + item.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const fragments: Fragment[] = [];
  let at = 0;
  for (const item of items) {
    view.setUint16(at, 0xfffe, true);
    view.setUint16(at + 2, 0xe000, true);
    view.setUint32(at + 4, item.length, true);
    bytes.set(item, at + 8);
    fragments.push({ offset: at + 8, length: item.length });
    at += 8 + item.length;
  }
  return {
    tag: 0x7fe00010,
    vr: 'OB',
    bytes,
    offset: 0,
    length: total,
    undefinedLength: true,
    fragments,
  };
}

function offsets(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v, true));
  return out;
}

const jpeg = (...body: number[]): Uint8Array => Uint8Array.from([0xff, 0xd8, ...body]);
const tail = (...body: number[]): Uint8Array => Uint8Array.from(body);
const frames = (
  element: DataElement,
  count: number,
  encoding: Parameters<typeof encapsulatedFrameLayout>[3] = 'jpeg-baseline',
  dataset = new Dataset(),
) => {
  const layout = encapsulatedFrameLayout(element, dataset, count, encoding);
  return {
    source: layout.source,
    frames: layout.frames.map((f) => Array.from(frameBytes(element, f))),
  };
};

describe('encapsulated frames (PS3.5 A.4)', () => {
  test('single frame: all fragments joined', () => {
    expect(frames(encapsulated([new Uint8Array(0), jpeg(1), tail(2, 3)]), 1)).toEqual({
      source: 'single-frame',
      frames: [[0xff, 0xd8, 1, 2, 3]],
    });
  });

  test('Basic Offset Table groups fragments', () => {
    // item offsets from the first fragment item: 0, then 8 + 4 = 12, then 12 + 8 + 2 = 22
    const element = encapsulated([offsets(0, 22), jpeg(1, 0), tail(2, 3), jpeg(4, 0)]);
    expect(frames(element, 2)).toEqual({
      source: 'basic-offset-table',
      frames: [
        [0xff, 0xd8, 1, 0, 2, 3],
        [0xff, 0xd8, 4, 0],
      ],
    });
  });

  test('empty BOT: one fragment per frame, else split where a codestream starts', () => {
    expect(frames(encapsulated([new Uint8Array(0), jpeg(1, 0), jpeg(2, 0)]), 2).source).toBe(
      'one-fragment-per-frame',
    );
    const split = frames(
      encapsulated([new Uint8Array(0), jpeg(1, 0), tail(2, 0), jpeg(3, 0), tail(4, 0), tail(5, 0)]),
      2,
    );
    expect(split).toEqual({
      source: 'start-markers',
      frames: [
        [0xff, 0xd8, 1, 0, 2, 0],
        [0xff, 0xd8, 3, 0, 4, 0, 5, 0],
      ],
    });
    const j2k = Uint8Array.from([0xff, 0x4f, 0xff, 0x51]);
    expect(
      frames(encapsulated([new Uint8Array(0), j2k, tail(1, 2), j2k]), 2, 'jpeg-2000').frames,
    ).toHaveLength(2);
  });

  test('a BOT that points between fragments is ignored for the marker rules', () => {
    const element = encapsulated([offsets(0, 7), jpeg(1, 0), tail(2, 0), jpeg(3, 0)]);
    expect(frames(element, 2).source).toBe('start-markers');
  });

  test('frames ending in EOI when no start markers tell', () => {
    const element = encapsulated([
      new Uint8Array(0),
      tail(9, 9),
      tail(8, 0xff, 0xd9, 0),
      tail(7, 7),
      tail(6, 0xff, 0xd9),
    ]);
    expect(frames(element, 2)).toMatchObject({ source: 'end-markers' });
  });

  test('Extended Offset Table (7FE0,0001) wins over an empty BOT', () => {
    const dataset = new Dataset();
    setValue(dataset, 0x7fe00001, { vr: 'OV', value: [0n, 28n] as readonly bigint[] });
    setValue(dataset, 0x7fe00002, { vr: 'OV', value: [12n, 2n] as readonly bigint[] });
    const element = encapsulated([
      new Uint8Array(0),
      Uint8Array.from([1, 2, 3, 4, 5, 6]),
      Uint8Array.from([7, 8, 9, 10, 11, 12]),
      Uint8Array.from([13, 14]),
    ]);
    expect(frames(element, 2, 'rle', dataset)).toEqual({
      source: 'extended-offset-table',
      frames: [
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        [13, 14],
      ],
    });
  });

  test('fragments that cannot be split into frames are DICOM_PIXEL_DECODE_FAILED', () => {
    const tooFew = encapsulated([new Uint8Array(0), jpeg(1)]);
    expect(() => frames(tooFew, 3)).toThrow(DicomError);
    expect(() => frames(tooFew, 3)).toThrow(/3 frames but only 1 fragment/);
    expect(() =>
      frames(encapsulated([new Uint8Array(0), tail(1), tail(2), tail(3)]), 2, 'deflated-frame'),
    ).toThrow(/cannot tell which of 3 fragments/);
  });
});
