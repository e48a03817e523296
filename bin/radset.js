#!/usr/bin/env node
// The `radset` command. The CLI is compiled to dist/ by `npm install` (prepare) or `npm run build`.
//
// CommonJS on purpose (bin/package.json): libuv reads UV_THREADPOOL_SIZE once,
// when its thread pool starts, and Node 20 loads an ES module entry with
// asynchronous fs reads that start the pool (4 threads) before the entry's
// first line runs. Here nothing has used the pool yet, so the size set below
// holds; the ES module CLI is imported after it. Parallel gzip of NIfTI
// (src/nifti/parallel-gzip.ts) runs zlib on that pool, one block per thread.
'use strict';
const { availableParallelism } = require('node:os');

if (!process.env.UV_THREADPOOL_SIZE) {
  process.env.UV_THREADPOOL_SIZE = String(Math.max(4, availableParallelism()));
}

// A reader that stops early (`radset dump … | head`) closes the pipe: that is
// the reader's choice, not a failure, so end quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void import('../dist/cli/main.js').then(async ({ main }) => {
  process.exitCode = await main(process.argv.slice(2));
});
