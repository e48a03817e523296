/**
 * dcmtk's storescu sending a whole folder over one association (PS3.7 C-STORE;
 * it proposes one presentation context per SOP class and transfer syntax it
 * finds, far under the 128 allowed for this bench's sets), timed from spawn to
 * exit, i.e. until the last C-STORE response and the release.
 */
import { spawnSync } from 'node:child_process';
import { runMeasured, type MeasuredRun } from './measured-process.js';

export const STORESCU = '/usr/bin/storescu';
/** The AE title storescu calls from. */
export const BENCH_CALLING_AE = 'RADSETBENCH';

/** The arguments, as run (`+sd +r`: every file under `dir`; `-nh`: go on after a refused file). */
export function storescuArgs(dir: string, port: number, calledAe: string): string[] {
  return [
    '+sd',
    '+r',
    '-nh',
    '-aet',
    BENCH_CALLING_AE,
    '-aec',
    calledAe,
    '127.0.0.1',
    String(port),
    dir,
  ];
}

/**
 * Sends every file under `dir`. TCP_NODELAY=1: without it dcmtk leaves Nagle's
 * algorithm on and runs ~13× slower here (STACK.md).
 */
export async function storescuSend(
  dir: string,
  port: number,
  calledAe: string,
): Promise<MeasuredRun> {
  return runMeasured(STORESCU, storescuArgs(dir, port, calledAe), {
    env: { ...process.env, TCP_NODELAY: '1' },
  });
}

/** storescu's exit status, peak RSS and warning/error lines (by distinct text, counted), for the notes. */
export function storescuNotes(run: MeasuredRun): string[] {
  const counts = new Map<string, number>();
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
    if (!/^[EWF]: /.test(line)) continue;
    const text = line.replace(/\/\S+/g, '<file>').slice(0, 160);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [
    ...(run.exitCode === 0 ? [] : [`storescu exit status ${run.exitCode}`]),
    `storescu's own peak RSS ${(run.peakRssBytes / 1e6).toFixed(0)} MB`,
    ...[...counts].slice(0, 5).map(([text, n]) => `storescu printed ${n} × "${text}"`),
  ];
}

export function storescuVersion(): string {
  const result = spawnSync(STORESCU, ['--version'], { encoding: 'utf8' });
  return result.stdout.match(/storescu v(\S+)/)?.[1] ?? 'unknown';
}
