import { createRequire } from 'node:module';

/** The embind encoder class of `@cornerstonejs/codec-libjpeg-turbo-8bit` (its full build, not the decode-only one). */
interface TurboJpegEncoder {
  getDecodedBuffer(frameInfo: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }): Uint8Array;
  setProgressive(progressive: number): void;
  setQuality(quality: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

type EncoderModule = Record<string, unknown>;

const requireFromHere = createRequire(import.meta.url);
let loading: Promise<EncoderModule> | undefined;

function encoderModule(): Promise<EncoderModule> {
  if (loading === undefined) {
    const factory: unknown = requireFromHere('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs');
    if (typeof factory !== 'function')
      throw new Error(
        '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs is not an Emscripten factory',
      );
    loading = (factory as (overrides: object) => Promise<EncoderModule>)({
      print: () => undefined,
      printErr: () => undefined,
    }).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  }
  return loading;
}

/**
 * Encodes an 8-bit greyscale frame as a JPEG baseline (process 1, SOF0)
 * bitstream with libjpeg-turbo: the encoding of transfer syntax
 * 1.2.840.10008.1.2.4.50 (PS3.5 A.4.1). Deterministic: the same pixels and
 * quality give the same bytes.
 */
export async function encodeJpegBaselineGrey(
  pixels: Uint8Array,
  columns: number,
  rows: number,
  quality: number,
): Promise<Uint8Array> {
  if (pixels.length !== columns * rows)
    throw new RangeError(`expected ${columns * rows} samples, got ${pixels.length}`);
  const module = await encoderModule();
  const constructor = module['JPEGEncoder'];
  if (typeof constructor !== 'function') throw new Error('libjpeg-turbo build has no JPEGEncoder');
  const encoder = new (constructor as new () => TurboJpegEncoder)();
  try {
    encoder
      .getDecodedBuffer({
        width: columns,
        height: rows,
        bitsPerSample: 8,
        componentCount: 1,
        isSigned: false,
      })
      .set(pixels);
    // The encoder defaults to progressive (SOF2); baseline is what 1.2.840.10008.1.2.4.50 allows.
    encoder.setProgressive(0);
    encoder.setQuality(quality);
    encoder.encode();
    return Uint8Array.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}
