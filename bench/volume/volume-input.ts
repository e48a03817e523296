/**
 * The bench's input: one 512×512×250 CT series from `radset synth`, written
 * once into bench/out/volume/in (git-ignored) and reused while the command
 * that made it is unchanged (recorded next to it). Every tool is given the
 * series folder itself, so synth's masks/ and ground-truth.json are not
 * read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The series: 1 CT study, 250 slices of 512 × 512. */
export const SYNTH_ARGS = [
  'synth',
  '--studies',
  '1',
  '--modality',
  'CT',
  '--slices',
  '250',
  '--size',
  '512',
  '--seed',
  'volume-bench',
] as const;
export const EXPECTED_FILES = 250;
/** What SYNTH_ARGS makes: columns × rows × slices, and the stored type. */
export const INPUT_DIMENSIONS = '512 × 512 × 250, int16';

export interface VolumeInput {
  /** `node bin/radset synth …` as run (paths relative to the repository). */
  readonly synthCommand: string;
  /** The series folder given to the tools. */
  readonly seriesDir: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

/** Generated files are named by synth; the series folder is the one folder under the study that is not masks/. */
function findSeries(inDir: string): string {
  const studies = readdirSync(inDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  const series = studies.flatMap((study) =>
    readdirSync(join(inDir, study.name), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'masks')
      .map((e) => join(inDir, study.name, e.name)),
  );
  if (series.length !== 1 || series[0] === undefined)
    throw new Error(
      `${inDir}: expected one series folder from radset synth, found ${series.length}`,
    );
  return series[0];
}

function dicomFiles(seriesDir: string): string[] {
  return readdirSync(seriesDir)
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => join(seriesDir, name));
}

/**
 * The series, generated with `node BIN synth --out IN_DIR …` unless IN_DIR
 * already holds it from the same command.
 */
export function ensureVolumeInput(
  radsetBin: string,
  repoDir: string,
  inDir: string,
  say: (line: string) => void,
): VolumeInput {
  const args = [
    ...SYNTH_ARGS.slice(0, 1),
    '--out',
    relative(repoDir, inDir),
    ...SYNTH_ARGS.slice(1),
  ];
  const synthCommand = `node ${relative(repoDir, radsetBin)} ${args.join(' ')}`;
  const stamp = join(inDir, '.synth-command');
  const cached =
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === synthCommand &&
    dicomFiles(findSeries(inDir)).length === EXPECTED_FILES;
  if (!cached) {
    say(`generating the input: ${synthCommand} …`);
    rmSync(inDir, { recursive: true, force: true });
    execFileSync(process.execPath, [radsetBin, ...args], { cwd: repoDir, stdio: 'pipe' });
    writeFileSync(stamp, synthCommand);
  }
  const seriesDir = findSeries(inDir);
  const files = dicomFiles(seriesDir);
  if (files.length !== EXPECTED_FILES)
    throw new Error(`${seriesDir}: ${files.length} DICOM files, expected ${EXPECTED_FILES}`);
  return {
    synthCommand,
    seriesDir,
    files,
    bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
  };
}
