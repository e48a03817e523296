/**
 * GDCM's gdcmanon (Debian libgdcm-tools) in its Basic Profile mode
 * (`-e`, PS3.15 E.1.1 as GDCM implements it): it needs an X.509 certificate,
 * because it encrypts the replaced attributes into the Encrypted Attributes
 * Sequence (0400,0500) for later re-identification. The bench makes a
 * throwaway self-signed RSA certificate with openssl.
 *
 * Normal use is one process over a folder (`-r -i IN -o OUT`, mirrors the
 * tree). gdcmanon stops at the first file it cannot write, even with
 * --continue (which only skips non-DICOM files); when that happens the bench
 * runs it once per file instead, records the failures and says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DeidTool, OutputPair, ToolRun } from './deid-tool.js';
import type { InputSet } from './input-sets.js';

export const GDCMANON = '/usr/bin/gdcmanon';

/** A self-signed certificate for gdcmanon's encryption (never used for anything else). */
function throwawayCertificate(workDir: string): string {
  const cert = join(workDir, 'gdcmanon-cert.pem');
  if (existsSync(cert)) return cert;
  mkdirSync(workDir, { recursive: true });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(workDir, 'gdcmanon-key.pem'),
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=radset-bench-throwaway',
    ],
    { stdio: 'pipe' },
  );
  return cert;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim().length > 0) ?? '';
}

export function gdcmanonTool(workDir: string): DeidTool {
  const cert = throwawayCertificate(workDir);
  const version = firstLine(
    spawnSync(GDCMANON, ['--version'], { encoding: 'utf8' }).stdout,
  ).replace(/\s*\$Date\$$/, '');
  const baseArgs = ['-e', '--continue', '-c', cert];
  return {
    name: 'gdcmanon',
    how: `gdcmanon -e --continue -r -c CERT.pem -i IN -o OUT (one process over the folder)`,
    timing: 'process spawn to exit (one process for the whole folder)',
    version,
    async run(set: InputSet, outDir: string): Promise<ToolRun> {
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
      const outputOf = (input: string): string => join(outDir, relative(set.dir, input));
      let started = performance.now();
      const folder = spawnSync(GDCMANON, [...baseArgs, '-r', '-i', set.dir, '-o', outDir], {
        encoding: 'utf8',
      });
      let seconds = (performance.now() - started) / 1000;
      const notes: string[] = [];
      const failures: { input: string; reason: string }[] = [];
      const missing = set.files.filter((f) => !existsSync(outputOf(f)));
      if (folder.status !== 0 || missing.length > 0) {
        // The folder run stopped early: redo it file by file, so one bad file costs only itself.
        notes.push(
          `folder mode stopped (exit ${folder.status}: ${firstLine(folder.stderr + folder.stdout).slice(0, 120)}); ran once per file instead (time includes ${set.files.length} process starts)`,
        );
        rmSync(outDir, { recursive: true, force: true });
        started = performance.now();
        for (const input of set.files) {
          const output = outputOf(input);
          mkdirSync(dirname(output), { recursive: true });
          const one = spawnSync(GDCMANON, [...baseArgs, '-i', input, '-o', output], {
            encoding: 'utf8',
          });
          if (one.status !== 0 || !existsSync(output))
            failures.push({
              input,
              reason: firstLine(one.stderr + one.stdout) || `exit ${one.status}`,
            });
        }
        seconds = (performance.now() - started) / 1000;
      }
      const pairs: OutputPair[] = set.files
        .map((input) => ({ input, output: outputOf(input) }))
        .filter((p) => existsSync(p.output));
      return { seconds, outputDir: outDir, pairs, failures, notes };
    },
    close: async () => undefined,
  };
}
