/**
 * The header of a JPEG (ISO/IEC 10918-1) or JPEG-LS (ISO/IEC 14495-1)
 * codestream, read up to the first scan: enough to choose a decoder, check
 * the image is the size the data set says before any decoder allocates, and
 * reject scan parameters the standard forbids.
 */
export interface JpegHeader {
  /** The SOF marker's low byte: 0xC0 baseline … 0xC3 lossless …, 0xF7 JPEG-LS. */
  readonly sofMarker: number;
  readonly precision: number;
  readonly rows: number;
  readonly columns: number;
  readonly componentIds: readonly number[];
  /** Start-of-scan parameters of the first scan (B.2.3): spectral selection / predictor, successive approximation. */
  readonly scan: {
    readonly ss: number;
    readonly se: number;
    readonly ah: number;
    readonly al: number;
  };
  /** An APP0 JFIF marker is present. */
  readonly jfif: boolean;
  /** The APP14 Adobe marker's colour transform flag, when present. */
  readonly adobeTransform: number | undefined;
}

/** Lossless SOF markers (process 14 and its arithmetic / hierarchical variants). */
export function isLosslessSof(marker: number): boolean {
  return marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf;
}

/** Progressive DCT SOF markers. */
function isProgressiveSof(marker: number): boolean {
  return marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce;
}

function isSof(marker: number): boolean {
  return (
    (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
    marker === 0xf7
  );
}

/**
 * Reads markers from SOI to the first SOS. Throws an Error describing what is
 * wrong when the stream does not start with SOI, a segment runs past the end,
 * no frame header precedes the scan, or the scan parameters are invalid for
 * the process (ISO/IEC 10918-1 B.2.3, Table B.3): sequential DCT needs
 * Ss = 0, Se = 63, Ah = Al = 0; lossless needs a predictor Ss of 1–7, Se = 0,
 * Ah = 0 and a point transform below the precision; progressive needs
 * Ss ≤ Se ≤ 63 with Se = 0 when Ss = 0.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8)
    throw new Error('the frame does not start with a JPEG SOI marker (FFD8)');
  let at = 2;
  let sof: Omit<JpegHeader, 'scan' | 'jfif' | 'adobeTransform'> | undefined;
  let jfif = false;
  let adobeTransform: number | undefined;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff)
      throw new Error(
        `expected a marker at byte ${at}, found 0x${(bytes[at] as number).toString(16)}`,
      );
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) throw new Error('EOI before any scan');
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length)
      throw new Error(
        `marker FF${marker.toString(16).toUpperCase()} at byte ${at} runs past the end of the stream`,
      );
    if (isSof(marker)) {
      if (length < 8) throw new Error('frame header too short');
      const components = bytes[body + 5] as number;
      if (length < 8 + 3 * components) throw new Error('frame header too short for its components');
      const componentIds: number[] = [];
      for (let c = 0; c < components; c++) componentIds.push(bytes[body + 6 + 3 * c] as number);
      sof = {
        sofMarker: marker,
        precision: bytes[body] as number,
        rows: ((bytes[body + 1] as number) << 8) | (bytes[body + 2] as number),
        columns: ((bytes[body + 3] as number) << 8) | (bytes[body + 4] as number),
        componentIds,
      };
    } else if (
      marker === 0xe0 &&
      length >= 7 &&
      String.fromCharCode(...bytes.subarray(body, body + 4)) === 'JFIF'
    ) {
      jfif = true;
    } else if (
      marker === 0xee &&
      length >= 14 &&
      String.fromCharCode(...bytes.subarray(body, body + 5)) === 'Adobe'
    ) {
      adobeTransform = bytes[body + 11];
    } else if (marker === 0xda) {
      if (sof === undefined) throw new Error('scan (SOS) before any frame header (SOF)');
      const count = bytes[body] as number;
      const p = body + 1 + 2 * count;
      if (p + 3 > end) throw new Error('scan header too short');
      const scan = {
        ss: bytes[p] as number,
        se: bytes[p + 1] as number,
        ah: (bytes[p + 2] as number) >> 4,
        al: (bytes[p + 2] as number) & 15,
      };
      if (sof.sofMarker !== 0xf7) checkScan(sof.sofMarker, sof.precision, scan);
      return { ...sof, scan, jfif, adobeTransform };
    }
    at = end;
  }
  throw new Error('no scan (SOS marker) found');
}

function checkScan(sofMarker: number, precision: number, scan: JpegHeader['scan']): void {
  const where = `SOF${(sofMarker - 0xc0).toString()} scan header has`;
  if (isLosslessSof(sofMarker)) {
    if (scan.ss < 1 || scan.ss > 7)
      throw new Error(`${where} predictor Ss=${scan.ss}, not 1-7 (ISO/IEC 10918-1 H.1.2.1)`);
    if (scan.se !== 0 || scan.ah !== 0)
      throw new Error(
        `${where} Se=${scan.se} Ah=${scan.ah}; lossless needs 0 (ISO/IEC 10918-1 B.2.3)`,
      );
    if (scan.al >= precision)
      throw new Error(`${where} point transform Al=${scan.al} not below precision ${precision}`);
    return;
  }
  if (isProgressiveSof(sofMarker)) {
    if (
      scan.se > 63 ||
      scan.ss > scan.se ||
      (scan.ss === 0 && scan.se !== 0) ||
      scan.ah > 13 ||
      scan.al > 13
    ) {
      throw new Error(
        `${where} invalid progressive parameters Ss=${scan.ss} Se=${scan.se} Ah=${scan.ah} Al=${scan.al} (ISO/IEC 10918-1 B.2.3)`,
      );
    }
    return;
  }
  if (scan.ss !== 0 || scan.se !== 63 || scan.ah !== 0 || scan.al !== 0) {
    throw new Error(
      `${where} Ss=${scan.ss} Se=${scan.se} Ah=${scan.ah} Al=${scan.al}; sequential DCT needs Ss=0 Se=63 Ah=Al=0 (ISO/IEC 10918-1 B.2.3)`,
    );
  }
}
