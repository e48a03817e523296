/**
 * The `radset` executable as a shell runs it: bin/radset.js over the built dist/.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT, corpusAvailable, requireCorpus } from './support/corpus.js';
import { skipOrFail } from './support/peers.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('bin/radset.js', () => {
  it('ends quietly with status 0 when the reader closes the pipe early (radset … | head)', async (context) => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
      skipOrFail(context, 'dist/ is not built (npm run build)');
    if (!corpusAvailable()) requireCorpus(context);
    // A multi-frame file prints a line per frame: far more than the one chunk read here.
    const child = spawn(process.execPath, [
      join(ROOT, 'bin', 'radset.js'),
      'dump',
      `${CORPUS_ROOT}modalities/rt/dicompyler_example/rtss.dcm`,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (exitCode) => resolve(exitCode));
    });
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('lists every command', async (context) => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
      skipOrFail(context, 'dist/ is not built (npm run build)');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'radset.js'), 'help']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    for (const name of ['dump', 'pixels', 'scan', 'synth', 'demo', 'init', 'deid'])
      expect(stdout).toContain(`  ${name}`);
  });
});
