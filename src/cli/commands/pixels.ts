import {
  decodeFrame,
  DicomError,
  frameSha256Hex,
  readDicomFile,
  readPixelDescription,
  type DecodedFrame,
  type PixelDescription,
} from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import type { Command, CommandContext } from '../command.js';

const USAGE = `Usage: radset pixels FILE [--frame N] [--digest]

Decodes the pixel data of FILE (any transfer syntax radset knows except the
video ones) into stored values: before the Modality LUT, colour-by-pixel,
masked or sign-extended to Bits Stored. Prints one line per frame:

  default   N ROWSxCOLUMNSxSAMPLES TYPE PHOTOMETRIC min=MIN max=MAX codec=NAME
  --digest  N SHA256

where SHA256 is the SHA-256 of the frame's stored values as little-endian
bytes (the digest test/reference/pixel_digests.py computes with pydicom).

Options:
  --frame N  only frame N (counted from 0)
  --digest   print digests instead of the summary

Exit status: 0 when every frame decoded; 64 on bad usage or a frame number
out of range; 65 when the file is damaged, has no pixel data or a frame does
not decode; 66 when FILE cannot be read; 69 for an unsupported transfer syntax.`;

interface PixelsArgs {
  readonly file: string;
  readonly frame: number | undefined;
  readonly digest: boolean;
}

function parseArgs(args: readonly string[]): PixelsArgs {
  let frame: number | undefined;
  let digest = false;
  const files: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--digest') digest = true;
    else if (!optionsEnded && (arg === '--frame' || arg.startsWith('--frame='))) {
      const text = arg === '--frame' ? args[++i] : arg.slice('--frame='.length);
      if (text === undefined || !/^\d+$/.test(text))
        throw new RadsetError(
          'USAGE',
          `--frame needs a frame number (0, 1, …), got '${text ?? ''}'`,
        );
      frame = Number(text);
    } else if (!optionsEnded && arg.startsWith('-') && arg !== '-')
      throw new RadsetError('USAGE', `unknown option '${arg}'`);
    else files.push(arg);
  }
  if (files.length !== 1)
    throw new RadsetError('USAGE', files.length === 0 ? 'no FILE given' : 'give exactly one FILE');
  return { file: files[0] as string, frame, digest };
}

function range(frame: DecodedFrame): string {
  let min = Infinity;
  let max = -Infinity;
  for (const value of frame.values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return `min=${min} max=${max}`;
}

function summaryLine(frame: DecodedFrame): string {
  const { Rows, Columns } = frame.description;
  const samples = frame.values.length / (Rows * Columns);
  return `${frame.frameIndex} ${Rows}x${Columns}x${samples} ${frame.valueType} ${frame.photometricInterpretation.replace(/ /g, '_')} ${range(frame)} codec=${frame.codec}`;
}

/** `radset pixels`: decodes a file's frames and prints digests or summaries. */
export const pixelsCommand: Command = {
  name: 'pixels',
  summary: 'decode pixel data; print per-frame digests or value ranges',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const args = parseArgs(context.args);
    const dicom = await readDicomFile(args.file);
    let description: PixelDescription;
    try {
      description = readPixelDescription(dicom.dataset);
    } catch (error) {
      throw error instanceof DicomError ? error.withFile(args.file) : error;
    }
    const { NumberOfFrames } = description;
    if (args.frame !== undefined && args.frame >= NumberOfFrames) {
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `--frame ${args.frame}: ${args.file} has ${NumberOfFrames} frame(s), numbered from 0`,
      );
    }
    const indexes =
      args.frame === undefined ? Array.from({ length: NumberOfFrames }, (_, i) => i) : [args.frame];
    for (const index of indexes) {
      const frame = await decodeFrame(dicom, index, { file: args.file });
      context.stdout.write(
        `${args.digest ? `${index} ${frameSha256Hex(frame)}` : summaryLine(frame)}\n`,
      );
    }
    return 0;
  },
};
