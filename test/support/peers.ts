/**
 * Real peers (DESIGN.md "Standards at the edges"): Debian tools that tests
 * compare radset against. `scripts/install-peers.sh` installs them.
 *
 * A test that needs a peer calls {@link requirePeer} first. When the peer is
 * missing the test is skipped with a message, except under CI
 * (`CI=true`), where it fails: CI must never pass by skipping.
 *
 * ```ts
 * test('dcmdump reads what we write', (ctx) => {
 *   requirePeer(ctx, 'dcmdump');
 *   requirePeer(ctx, 'pydicom', { pythonModule: 'pydicom' });
 *   // … run execFileSync('dcmdump', …) or execFileSync(PYTHON3, …)
 * });
 * ```
 *
 * Vitest passes no context to `it.each` callbacks; for table tests use
 * `it.for(rows)(name, (row, ctx) => { requirePeer(ctx, …); … })`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'vitest';

/** How to tell that a peer is installed: a command on PATH, or a module Debian's Python can import. */
export type PeerCheck = { readonly command: string } | { readonly pythonModule: string };

/**
 * The Python interpreter that sees Debian's `python3-*` packages. A
 * pyenv/venv `python3` earlier on PATH does not, so Debian's is preferred.
 */
export const PYTHON3: string = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const INSTALL_HINT = 'install the peers with scripts/install-peers.sh';
const cache = new Map<string, boolean>();

function probe(check: PeerCheck): boolean {
  const result =
    'command' in check
      ? spawnSync('sh', ['-c', 'command -v "$1"', 'sh', check.command], { stdio: 'ignore' })
      : spawnSync(PYTHON3, ['-c', `import ${check.pythonModule}`], {
          stdio: 'ignore',
          timeout: 30_000,
        });
  return result.status === 0;
}

/** Whether a peer is installed (probed once per process). `check` defaults to a command named `name`. */
export function hasPeer(name: string, check: PeerCheck = { command: name }): boolean {
  const key = JSON.stringify(check);
  let present = cache.get(key);
  if (present === undefined) {
    present = probe(check);
    cache.set(key, present);
  }
  return present;
}

/**
 * Skips the running test when something it needs is missing, or fails it
 * under CI (`CI=true`). Throws (the skip is itself a throw): call it before
 * any cleanup-needing work.
 */
export function skipOrFail(context: TestContext, message: string): never {
  if (process.env.CI === 'true') {
    throw new Error(
      `${message} (CI=true: a missing dependency fails the test rather than skipping it)`,
    );
  }
  return context.skip(message);
}

/**
 * Requires a peer for the running test: returns when it is installed; else
 * skips the test (locally) or fails it (CI). `check` defaults to a command named `name`.
 */
export function requirePeer(
  context: TestContext,
  name: string,
  check: PeerCheck = { command: name },
): void {
  if (hasPeer(name, check)) return;
  const what =
    'command' in check
      ? `command '${check.command}'`
      : `Python module '${check.pythonModule}' (${PYTHON3})`;
  skipOrFail(context, `peer ${name} missing: ${what} not found; ${INSTALL_HINT}`);
}
