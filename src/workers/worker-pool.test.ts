import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerPool, type WorkerPool } from './worker-pool.js';

/** A worker speaking the pool's protocol: doubles numbers, dies on 'crash', in order. */
const SCRIPT = `
import { parentPort } from 'node:worker_threads';
let queue = Promise.resolve();
parentPort.on('message', ({ id, task }) => {
  queue = queue.then(async () => {
    await new Promise((r) => setTimeout(r, 5));
    if (task === 'crash') process.exit(3);
    parentPort.postMessage({ id, result: { ok: true, value: task * 2 } });
  });
});
`;

type Result = { ok: true; value: number } | { ok: false; reason: string };

describe('startWorkerPool', () => {
  let pool: WorkerPool<number | 'crash', Result> | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  function start(size: number): WorkerPool<number | 'crash', Result> {
    const dir = mkdtempSync(join(tmpdir(), 'radset-pool-'));
    const script = join(dir, 'worker.mjs');
    writeFileSync(script, SCRIPT);
    pool = startWorkerPool<number | 'crash', Result>({
      script,
      size,
      workerData: null,
      onCrash: (error) => ({ ok: false, reason: error.message }),
    });
    return pool;
  }

  it('runs many tasks over the workers, each answered once', async () => {
    const p = start(2);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => p.run(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => ({ ok: true, value: i * 2 })));
  });

  it('fails only the task that killed a worker, reruns the ones queued behind it, and replaces the worker', async () => {
    const p = start(1);
    const crashed = p.run('crash');
    const queued = p.run(21); // posted to the same worker, behind the crash
    expect(await crashed).toMatchObject({ ok: false });
    expect(await queued).toEqual({ ok: true, value: 42 });
    const after = await Promise.all([1, 2, 3].map((n) => p.run(n)));
    expect(after).toEqual([2, 4, 6].map((value) => ({ ok: true, value })));
  });
});
