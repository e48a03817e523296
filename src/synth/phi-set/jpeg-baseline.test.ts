import { describe, expect, it } from 'vitest';
import { decodeFrame, parsePart10, readJpegHeader, writePart10 } from '../../dicom/index.js';
import { encodeJpegBaselineGrey } from './jpeg-baseline.js';
import { buildTracked } from './phi-tree.js';

const COLUMNS = 48;
const ROWS = 32;

function ramp(): Uint8Array {
  return Uint8Array.from(
    { length: COLUMNS * ROWS },
    (_, i) => ((i % COLUMNS) * 5 + (i / COLUMNS) * 2) & 0xff,
  );
}

describe('encodeJpegBaselineGrey', () => {
  it('writes an 8-bit baseline (SOF0) single-component codestream, the same bytes each time', async () => {
    const a = await encodeJpegBaselineGrey(ramp(), COLUMNS, ROWS, 90);
    const b = await encodeJpegBaselineGrey(ramp(), COLUMNS, ROWS, 90);
    expect(a).toEqual(b);
    const header = readJpegHeader(a);
    expect(header.sofMarker).toBe(0xc0);
    expect(header.precision).toBe(8);
    expect([header.columns, header.rows]).toEqual([COLUMNS, ROWS]);
    expect(header.componentIds).toHaveLength(1);
  });

  it('decodes through radset as JPEG Baseline to values close to the input', async () => {
    const pixels = ramp();
    const jpeg = await encodeJpegBaselineGrey(pixels, COLUMNS, ROWS, 95);
    const { dataset } = buildTracked({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: '2.25.7',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: ROWS,
      Columns: COLUMNS,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PixelData: { fragments: [jpeg] },
    });
    const file = parsePart10(writePart10({ dataset, transferSyntaxUid: '1.2.840.10008.1.2.4.50' }));
    const frame = await decodeFrame(file, 0);
    let error = 0;
    for (let i = 0; i < pixels.length; i++)
      error += Math.abs((frame.values[i] ?? 0) - (pixels[i] ?? 0));
    expect(error / pixels.length).toBeLessThan(3);
  });

  it('refuses a pixel count that does not match the size', async () => {
    await expect(encodeJpegBaselineGrey(new Uint8Array(10), 4, 4, 90)).rejects.toThrow(RangeError);
  });
});
