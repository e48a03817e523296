/**
 * Transfer syntaxes radset reads (PS3.5 section 10 and Annex A; PS3.6 Annex A).
 */
export type PixelEncoding =
  | 'native'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-progressive'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'htj2k'
  | 'jpeg-xl'
  | 'deflated-frame'
  | 'video';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  /** The dataset after the meta header is a raw deflate stream (PS3.5 section A.5). */
  readonly deflated: boolean;
  /** Pixel data is encapsulated in items (PS3.5 section A.4). */
  readonly encapsulated: boolean;
  readonly pixelEncoding: PixelEncoding;
  /** Decoding gives back exactly the stored values. */
  readonly lossless: boolean;
  readonly retired: boolean;
}

function ts(
  uid: string,
  name: string,
  pixelEncoding: PixelEncoding,
  options: Partial<Omit<TransferSyntax, 'uid' | 'name' | 'pixelEncoding'>> = {},
): TransferSyntax {
  return {
    uid,
    name,
    explicitVr: true,
    littleEndian: true,
    deflated: false,
    encapsulated: pixelEncoding !== 'native',
    pixelEncoding,
    lossless: false,
    retired: false,
    ...options,
  };
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';

const ALL: readonly TransferSyntax[] = [
  ts(IMPLICIT_VR_LITTLE_ENDIAN, 'Implicit VR Little Endian', 'native', {
    explicitVr: false,
    lossless: true,
  }),
  ts(EXPLICIT_VR_LITTLE_ENDIAN, 'Explicit VR Little Endian', 'native', { lossless: true }),
  ts(EXPLICIT_VR_BIG_ENDIAN, 'Explicit VR Big Endian', 'native', {
    littleEndian: false,
    lossless: true,
    retired: true,
  }),
  ts(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, 'Deflated Explicit VR Little Endian', 'native', {
    deflated: true,
    lossless: true,
  }),
  ts('1.2.840.10008.1.2.1.98', 'Encapsulated Uncompressed Explicit VR Little Endian', 'native', {
    encapsulated: true,
    lossless: true,
  }),
  ts('1.2.840.10008.1.2.8.1', 'Deflated Image Frame Compression', 'deflated-frame', {
    lossless: true,
  }),
  ts('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle', { lossless: true }),
  ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline'),
  ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg-extended'),
  ts(
    '1.2.840.10008.1.2.4.53',
    'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)',
    'jpeg-progressive',
    { retired: true },
  ),
  ts(
    '1.2.840.10008.1.2.4.55',
    'JPEG Full Progression, Non-Hierarchical (Process 10 & 12)',
    'jpeg-progressive',
    { retired: true },
  ),
  ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless', {
    lossless: true,
  }),
  ts(
    '1.2.840.10008.1.2.4.70',
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    'jpeg-lossless',
    { lossless: true },
  ),
  ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless Image Compression', 'jpeg-ls', { lossless: true }),
  ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless) Image Compression', 'jpeg-ls'),
  ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)', 'jpeg-2000', {
    lossless: true,
  }),
  ts('1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', 'jpeg-2000'),
  ts(
    '1.2.840.10008.1.2.4.92',
    'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)',
    'jpeg-2000',
    { lossless: true },
  ),
  ts('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component Image Compression', 'jpeg-2000'),
  ts(
    '1.2.840.10008.1.2.4.201',
    'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
    'htj2k',
    { lossless: true },
  ),
  ts(
    '1.2.840.10008.1.2.4.202',
    'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
    'htj2k',
    { lossless: true },
  ),
  ts('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000 Image Compression', 'htj2k'),
  ts('1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', 'jpeg-xl', { lossless: true }),
  ts('1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', 'jpeg-xl'),
  ts('1.2.840.10008.1.2.4.112', 'JPEG XL', 'jpeg-xl'),
  ts('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'video'),
  ts('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', 'video'),
  ts('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', 'video'),
  ts('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'video'),
  ts('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', 'video'),
  ts('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', 'video'),
  ts('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'video'),
  ts('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', 'video'),
  ts('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', 'video'),
];

const BY_UID = new Map(ALL.map((t) => [t.uid, t]));

/** The transfer syntax with this UID, or undefined when radset does not know it. */
export function lookupTransferSyntax(uid: string): TransferSyntax | undefined {
  return BY_UID.get(uid.replace(/\0/g, '').trim());
}

/** Every known transfer syntax. */
export function transferSyntaxes(): readonly TransferSyntax[] {
  return ALL;
}
