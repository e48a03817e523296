import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import { createKeyFile, defaultKeyFile, keyFileTooOpen, resolveDeidKey } from './deid-key.js';

const folder = mkdtempSync(join(tmpdir(), 'radset-key-'));

describe('de-identification key', () => {
  it('creates a 256-bit hex key readable only by its owner, and never overwrites one', () => {
    const file = join(folder, 'sub', 'deid.key');
    createKeyFile(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyFileTooOpen(file)).toBe(false);
    expect(() => createKeyFile(file)).toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    createKeyFile(file, true);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
  });

  it('resolves --key-file, then $RADSET_DEID_KEY, then $RADSET_DEID_KEY_FILE, then the default', () => {
    const file = join(folder, 'explicit.key');
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    const envFile = join(folder, 'env.key');
    writeFileSync(envFile, 'cd'.repeat(32));
    const inline = 'ef'.repeat(32);
    const env = { RADSET_DEID_KEY: inline, RADSET_DEID_KEY_FILE: envFile, HOME: folder };
    expect(resolveDeidKey(file, env).key[0]).toBe(0xab);
    expect(resolveDeidKey(undefined, env).key[0]).toBe(0xef);
    expect(resolveDeidKey(undefined, env).source).toBe('$RADSET_DEID_KEY');
    expect(resolveDeidKey(undefined, { RADSET_DEID_KEY_FILE: envFile }).key[0]).toBe(0xcd);
    const config = join(folder, 'config');
    createKeyFile(defaultKeyFile({ XDG_CONFIG_HOME: config }));
    expect(resolveDeidKey(undefined, { XDG_CONFIG_HOME: config }).key).toHaveLength(32);
  });

  it('names the missing or invalid key without printing it', () => {
    const missing = (): unknown => resolveDeidKey(join(folder, 'nope.key'), {});
    expect(missing).toThrow(RadsetError);
    expect(missing).toThrow(/radset init/);
    try {
      missing();
    } catch (error) {
      expect((error as RadsetError).code).toBe('DEID_KEY_MISSING');
    }
    const bad = join(folder, 'bad.key');
    writeFileSync(bad, 'secret-but-short');
    expect(() => resolveDeidKey(bad, {})).toThrow(/does not hold a de-identification key/);
    expect(() => resolveDeidKey(bad, {})).not.toThrow(/secret-but-short/);
    expect(() => resolveDeidKey(undefined, { RADSET_DEID_KEY: 'xyz' })).toThrow(/RADSET_DEID_KEY/);
  });
});
