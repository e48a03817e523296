import { lazyModule, requirePackage } from './codec-module.js';

/**
 * The decoders of dcmjs-codecs (one WebAssembly build of DCMTK's IJG libjpeg
 * 8/12/16-bit and libjxl, among others). radset uses it where no
 * better-maintained package decodes the stream: 12-bit DCT JPEG (process 2/4,
 * and the retired progressive processes), lossless JPEG (process 14, where it
 * is bit-exact against GDCM and jpeg-lossless-decoder-js 2.1.2 is not) and
 * JPEG XL (@jsquash/jxl only returns 8-bit RGBA).
 */
export type DcmjsCodecsMethod = 'decodeJpeg' | 'decodeJpegXl';

/** The frame geometry dcmjs-codecs needs (its `Context`). */
export interface DcmjsCodecsFrame {
  readonly width: number;
  readonly height: number;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string;
  readonly convertColorspaceToRgb: boolean;
}

interface NativeCodecsApi {
  initializeAsync(options: object): Promise<void>;
  release(): void;
  decodeJpeg(context: unknown, parameters: object): unknown;
  decodeJpegXl(context: unknown, parameters: object): unknown;
}

interface DcmjsCodecsPackage {
  readonly NativeCodecs: NativeCodecsApi;
  readonly Context: new (attributes: object) => unknown;
}

/** Photometric interpretations dcmjs-codecs' Context accepts. */
const KNOWN_PHOTOMETRIC = new Set([
  'MONOCHROME1',
  'MONOCHROME2',
  'PALETTE COLOR',
  'RGB',
  'YBR_FULL',
  'YBR_FULL_422',
  'YBR_PARTIAL_422',
  'YBR_PARTIAL_420',
  'YBR_ICT',
  'YBR_RCT',
]);

const codecs = lazyModule(async (): Promise<DcmjsCodecsPackage> => {
  const loaded = requirePackage('dcmjs-codecs') as Record<string, unknown>;
  const nativeCodecs = loaded.NativeCodecs as NativeCodecsApi | undefined;
  const context = loaded.Context;
  if (
    nativeCodecs === undefined ||
    typeof nativeCodecs.initializeAsync !== 'function' ||
    typeof context !== 'function'
  ) {
    throw new Error('dcmjs-codecs does not export NativeCodecs and Context');
  }
  const log = loaded.log as { setLevel?: (level: string) => void } | undefined;
  // Its logger would print codec diagnostics on the console; failures arrive as exceptions.
  log?.setLevel?.('silent');
  await nativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });
  return { NativeCodecs: nativeCodecs, Context: context as DcmjsCodecsPackage['Context'] };
});

function bytesOf(context: unknown): Uint8Array {
  const getter = (context as { getDecodedBuffer?: () => unknown }).getDecodedBuffer;
  const bytes: unknown = typeof getter === 'function' ? getter.call(context) : undefined;
  if (!(bytes instanceof Uint8Array)) throw new Error('dcmjs-codecs returned no decoded buffer');
  return bytes;
}

/**
 * Decodes one frame with dcmjs-codecs into its samples, little endian and
 * colour-by-pixel. On any failure the WebAssembly
 * instance is released (an exception thrown through it can leave its heap
 * inconsistent) and re-created for the next frame.
 */
export async function decodeWithDcmjsCodecs(
  method: DcmjsCodecsMethod,
  encoded: Uint8Array,
  frame: DcmjsCodecsFrame,
): Promise<Uint8Array> {
  const { NativeCodecs, Context } = await codecs.get();
  const photometric = KNOWN_PHOTOMETRIC.has(frame.photometricInterpretation)
    ? frame.photometricInterpretation
    : frame.samplesPerPixel === 1
      ? 'MONOCHROME2'
      : 'RGB';
  const context = new Context({
    width: frame.width,
    height: frame.height,
    bitsAllocated: frame.bitsAllocated,
    bitsStored: frame.bitsStored,
    samplesPerPixel: frame.samplesPerPixel,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    photometricInterpretation: photometric,
    encodedBuffer: encoded,
  });
  try {
    const decoded = NativeCodecs[method](context, {
      convertColorspaceToRgb: frame.convertColorspaceToRgb,
    });
    return bytesOf(decoded);
  } catch (error) {
    NativeCodecs.release();
    codecs.reset();
    throw error;
  }
}
