import { RadsetError } from '../../errors.js';
import {
  SYNTH_DEFAULTS,
  PHI_MANIFEST_FILE,
  PHI_SET_DEFAULT_SEED,
  SYNTH_MODALITIES,
  VENDOR_STYLES,
  generatePhiSet,
  generateStudySet,
  type PhiSetOptions,
  type StudySetOptions,
  type StudySummary,
  type SynthModality,
  type VendorStyle,
} from '../../synth/index.js';
import type { Command, CommandContext } from '../command.js';

const USAGE = `Usage: radset synth --out DIR [options]
       radset synth --phi --out DIR [--seed S]

Generates realistic synthetic DICOM studies with made-up patient identities
(names, IDs, dates, institutions: all fabricated, for testing
de-identification), vendor-style headers and private groups, phantom anatomy
with 1-3 lesions per study, and ground truth: a NIfTI-1 label mask per series
and a ground-truth.json per study. The same options and seed give the same
bytes.

Layout: DIR/<study>/<series>/<SOPInstanceUID>.dcm
        DIR/<study>/masks/<series>.nii.gz
        DIR/<study>/ground-truth.json

Options:
  --out DIR        where to write (created if missing; files are replaced)
  --studies N      number of studies (default 3)
  --modality M     CT, MR or CR for every study (default: CT, MR, CR in turn)
  --seed S         seed: letters, digits, '.', '_' or '-' (default 1)
  --slices N       slices per CT/MR series (default CT ${SYNTH_DEFAULTS.slices.CT}, MR ${SYNTH_DEFAULTS.slices.MR})
  --size N         matrix size: CT/MR rows and columns, CR columns
                   (default CT ${SYNTH_DEFAULTS.size.CT}, MR ${SYNTH_DEFAULTS.size.MR}, CR ${SYNTH_DEFAULTS.size.CR})
  --vendor V       siemens, ge, philips, canon or mixed (default mixed)

PHI test set (--phi): three fabricated patients, each with a prior and a
follow-up study, whose files carry made-up identifying values in every place
a de-identifier must look: standard attributes, nested and private
sequences, GE/Siemens/Philips/Canon/Agfa private groups, overlays, icons,
curves, an SR, KO and RT structure set referencing the images, a DICOMDIR,
text burned into pixels, several character sets and transfer syntaxes.
DIR/${PHI_MANIFEST_FILE} lists every planted value with its element path,
every cross-file reference and the private elements safe to keep.
Layout: DIR/DICOMDIR, DIR/PATn/STUDYn/SERn/IMn (PS3.10 File IDs, no
extension), DIR/${PHI_MANIFEST_FILE}.
  --phi            write the PHI test set (takes only --out and --seed;
                   default seed ${PHI_SET_DEFAULT_SEED})`;

const VALUE_OPTIONS = ['out', 'studies', 'modality', 'seed', 'slices', 'size', 'vendor'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/** Splits `--name value` and `--name=value` options; every option takes a value. */
export function parseOptions(
  args: readonly string[],
  names: readonly string[],
): { values: Map<string, string>; help: boolean } {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new RadsetError('USAGE', `unexpected argument '${arg}' (options are --name value)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!names.includes(name)) throw new RadsetError('USAGE', `unknown option '--${name}'`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new RadsetError('USAGE', `option --${name} needs a value`);
    if (values.has(name)) throw new RadsetError('USAGE', `option --${name} given twice`);
    values.set(name, value);
  }
  return { values, help };
}

/** An integer option within bounds, or a USAGE error naming it. */
export function integerOption(
  values: ReadonlyMap<string, string>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new RadsetError('USAGE', `--${name} must be a whole number, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max)
    throw new RadsetError('USAGE', `--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function choice<T extends string>(
  values: ReadonlyMap<string, string>,
  name: string,
  allowed: readonly T[],
  normalise: (s: string) => string,
): T | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const value = allowed.find((a) => a === normalise(text));
  if (value === undefined)
    throw new RadsetError('USAGE', `--${name} must be one of ${allowed.join(', ')}, got '${text}'`);
  return value;
}

/** Validated `radset synth` options. */
export function synthOptionsFrom(args: readonly string[]): {
  options: Omit<StudySetOptions, 'onStudy'>;
  help: boolean;
} {
  const { values, help } = parseOptions(args, VALUE_OPTIONS satisfies readonly ValueOption[]);
  const outDir = values.get('out');
  if (help)
    return { options: { outDir: outDir ?? '', studies: 0, seed: '1', vendor: 'mixed' }, help };
  if (outDir === undefined || outDir === '')
    throw new RadsetError('USAGE', 'missing --out DIR (where to write the studies)');
  const seed = values.get('seed') ?? '1';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(seed))
    throw new RadsetError(
      'USAGE',
      `--seed must be 1-64 letters, digits, '.', '_' or '-', got '${seed}'`,
    );
  const modality = choice<SynthModality>(values, 'modality', SYNTH_MODALITIES, (s) =>
    s.toUpperCase(),
  );
  const vendor = choice<VendorStyle | 'mixed'>(values, 'vendor', [...VENDOR_STYLES, 'mixed'], (s) =>
    s.toLowerCase(),
  );
  const slices = integerOption(values, 'slices', 1, 2000);
  const size = integerOption(values, 'size', 16, 4096);
  return {
    options: {
      outDir,
      studies: integerOption(values, 'studies', 1, 100_000) ?? 3,
      seed,
      vendor: vendor ?? 'mixed',
      ...(modality === undefined ? {} : { modality }),
      ...(slices === undefined ? {} : { slices }),
      ...(size === undefined ? {} : { size }),
    },
    help,
  };
}

const PHI_FLAG = '--phi';

/** Validated `radset synth --phi` options; `args` without the `--phi` flag. */
export function phiOptionsFrom(args: readonly string[]): { options: PhiSetOptions; help: boolean } {
  const { values, help } = parseOptions(args, VALUE_OPTIONS satisfies readonly ValueOption[]);
  const outDir = values.get('out') ?? '';
  if (help) return { options: { outDir }, help };
  for (const name of values.keys()) {
    if (name !== 'out' && name !== 'seed')
      throw new RadsetError(
        'USAGE',
        `--${name} cannot be combined with --phi (it takes --out and --seed)`,
      );
  }
  if (outDir === '')
    throw new RadsetError('USAGE', 'missing --out DIR (where to write the PHI test set)');
  const seed = values.get('seed') ?? PHI_SET_DEFAULT_SEED;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(seed))
    throw new RadsetError(
      'USAGE',
      `--seed must be 1-64 letters, digits, '.', '_' or '-', got '${seed}'`,
    );
  return { options: { outDir, seed }, help };
}

async function runPhi(context: CommandContext): Promise<number> {
  const { options, help } = phiOptionsFrom(context.args.filter((arg) => arg !== PHI_FLAG));
  if (help) {
    context.stdout.write(`${USAGE}\n`);
    return 0;
  }
  context.stdout.write(
    `radset synth --phi: seed ${options.seed ?? PHI_SET_DEFAULT_SEED}, into ${options.outDir}\n`,
  );
  let manifest;
  try {
    manifest = await generatePhiSet(options);
  } catch (error) {
    throw writeFailed(error);
  }
  const byKind = new Map<string, number>();
  for (const plant of manifest.planted) byKind.set(plant.kind, (byKind.get(plant.kind) ?? 0) + 1);
  const studies = manifest.patients.reduce((n, p) => n + p.studies.length, 0);
  context.stdout.write(
    [
      `Wrote ${manifest.files.length} files (${manifest.patients.length} patients, ${studies} studies, DICOMDIR included).`,
      `Planted ${manifest.planted.length} values: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}.`,
      `${manifest.references.length} cross-file UID references, ${manifest.safePrivate.length} safe private elements.`,
      `Manifest: ${options.outDir}/${PHI_MANIFEST_FILE}`,
      'All patient and staff identities are fabricated.',
      '',
    ].join('\n'),
  );
  return 0;
}

/** Human-readable byte count (1 decimal, binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** One line per study, as `synth` and `demo` print them. */
export function studyLine(study: StudySummary, root: string): string {
  const folder = study.folder.startsWith(root)
    ? study.folder.slice(root.length).replace(/^[/\\]/, '')
    : study.folder;
  return `  ${folder.padEnd(11)} ${study.modality.padEnd(3)} ${study.vendor.padEnd(8)} ${study.bodyPart.padEnd(8)} ${String(study.series).padStart(2)} series ${String(study.files).padStart(5)} files  ${study.lesions} lesion${study.lesions === 1 ? '' : 's'}`;
}

function writeFailed(error: unknown): RadsetError | unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new RadsetError(
      'OUTPUT_WRITE_FAILED',
      `cannot write the studies (${code}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return error;
}

/** `radset synth`: writes a synthetic study set and prints what it wrote. */
export const synthCommand: Command = {
  name: 'synth',
  summary:
    'generate synthetic DICOM studies with fake PHI, lesions and ground-truth masks, or a PHI test set (--phi)',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    if (context.args.includes(PHI_FLAG)) return runPhi(context);
    const { options, help } = synthOptionsFrom(context.args);
    if (help) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const started = performance.now();
    context.stdout.write(
      `radset synth: ${options.studies} stud${options.studies === 1 ? 'y' : 'ies'}, seed ${options.seed}, into ${options.outDir}\n`,
    );
    let summary;
    try {
      summary = generateStudySet({
        ...options,
        onStudy: (study) => context.stdout.write(`${studyLine(study, options.outDir)}\n`),
      });
    } catch (error) {
      throw writeFailed(error);
    }
    const seconds = (performance.now() - started) / 1000;
    context.stdout.write(
      [
        '',
        `Wrote ${summary.studies.length} studies, ${summary.seriesCount} series, ${summary.fileCount} DICOM files (${formatBytes(summary.dicomBytes)}) in ${seconds.toFixed(1)} s.`,
        `Masks: ${options.outDir}/<study>/masks/<series>.nii.gz (NIfTI-1, uint8 lesion labels, RAS affine)`,
        `Lesions: ${options.outDir}/<study>/ground-truth.json (centres in LPS mm, radii, volumes, series UIDs)`,
        'All patient and staff identities are fabricated.',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
