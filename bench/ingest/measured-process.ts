/**
 * Runs one command and measures it from spawn to exit: wall clock and peak
 * resident set size. Node cannot read a child's rusage, and /usr/bin/time is
 * not installed here, so a few lines of Debian's python3 run the command and
 * report `getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest RSS the child
 * reached: for radset one process, its worker threads included) and the wall
 * clock measured around the child alone (python's own start-up not counted).
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';

export const PYTHON = '/usr/bin/python3';

/** The wrapper: runs argv[1:], then writes {seconds, peakRssKib, exitCode} as JSON to fd 3. */
const WRAPPER = `
import json, os, resource, subprocess, sys, time
started = time.perf_counter()
child = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL)
seconds = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with os.fdopen(3, "w") as out:
    json.dump({"seconds": seconds, "peakRssKib": rss, "exitCode": child.returncode}, out)
`;

export interface MeasuredRun {
  /** Wall clock from spawn to exit. */
  readonly seconds: number;
  /** Peak resident set size of the command's process (Linux reports KiB; converted). */
  readonly peakRssBytes: number;
  /** Exit status; negative: killed by that signal. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args…` to completion (stdout and stderr kept as text). */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<MeasuredRun> {
  const child = spawn(PYTHON, ['-c', WRAPPER, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const collect = (stream: NodeJS.ReadableStream | null): Promise<string> =>
    new Promise((resolveText, reject) => {
      if (stream === null) {
        resolveText('');
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
    });
  const measurement = child.stdio[3];
  const [stdout, stderr, measured, wrapperExit] = await Promise.all([
    collect(child.stdout),
    collect(child.stderr),
    collect(measurement instanceof Readable ? measurement : null),
    new Promise<number | null>((resolveExit, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolveExit(code));
    }),
  ]);
  if (measured === '')
    throw new Error(
      `${PYTHON} could not run ${command} (exit ${wrapperExit}): ${stderr.slice(-1000)}`,
    );
  const parsed = JSON.parse(measured) as {
    seconds: number;
    peakRssKib: number;
    exitCode: number;
  };
  return {
    seconds: parsed.seconds,
    peakRssBytes: parsed.peakRssKib * 1024,
    exitCode: parsed.exitCode,
    stdout,
    stderr,
  };
}
