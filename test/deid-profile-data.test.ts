/**
 * The committed profile data (src/deid/profile/*-data.ts) is exactly what
 * scripts/generate-deid-profile.py makes from the reference data in
 * ../shared/reference/ (PS3.15 Annex E, TCIA Private Tag Knowledge Base).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { PYTHON3, requirePeer, skipOrFail } from './support/peers.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const REFERENCE_ROOT = fileURLToPath(new URL('../../shared/reference/', import.meta.url));
const PROFILE_DIR = join(ROOT, 'src', 'deid', 'profile');
const GENERATED = ['annex-e-data.ts', 'safe-private-data.ts', 'tcia-private-data.ts'];

it('regenerating the profile data reproduces the committed files byte for byte', (ctx) => {
  requirePeer(ctx, 'python3', { command: PYTHON3 });
  if (!existsSync(join(REFERENCE_ROOT, 'README.md'))) {
    skipOrFail(
      ctx,
      `reference data missing: ${REFERENCE_ROOT} (see scripts/generate-deid-profile.py)`,
    );
  }
  const out = mkdtempSync(join(tmpdir(), 'radset-deid-profile-'));
  try {
    execFileSync(
      PYTHON3,
      [
        join(ROOT, 'scripts', 'generate-deid-profile.py'),
        '--reference',
        REFERENCE_ROOT,
        '--out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(readdirSync(out).sort()).toEqual(GENERATED);
    for (const name of GENERATED) {
      const generated = readFileSync(join(out, name));
      const committed = readFileSync(join(PROFILE_DIR, name));
      expect(generated.equals(committed), `${name} differs from the generator's output`).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
