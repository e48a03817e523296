import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { RadsetError } from '../errors.js';

/** Environment variable holding the key itself, as 64 hexadecimal digits. */
export const DEID_KEY_ENV = 'RADSET_DEID_KEY';
/** Environment variable naming the key file. */
export const DEID_KEY_FILE_ENV = 'RADSET_DEID_KEY_FILE';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64,}$/;

/**
 * Where `radset init` puts the key when told nothing: the user's configuration
 * folder, outside any data folder, so that copying a dataset never copies the
 * secret that would re-identify it.
 */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
      ? env.XDG_CONFIG_HOME
      : join(homedir(), '.config');
  return join(base, 'radset', 'deid.key');
}

/** Where the key comes from, for messages (never the key itself). */
export interface DeidKey {
  readonly key: Uint8Array;
  readonly source: string;
}

/**
 * Creates a new random key file readable only by its owner. Refuses to replace
 * an existing key unless `force`: losing the key means losing the ability to
 * map new data onto the pseudonyms already issued.
 */
export function createKeyFile(file: string, force = false): void {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = `${randomBytes(KEY_BYTES).toString('hex')}\n`;
  try {
    writeFileSync(path, text, { mode: 0o600, flag: force ? 'w' : 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `${path} already exists: it holds the key your pseudonyms were made with; ` +
          'keep it (or pass --force to replace it and issue unrelated pseudonyms from now on)',
        { cause: error },
      );
    }
    throw new RadsetError(
      'OUTPUT_WRITE_FAILED',
      `cannot write the key file ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function parseKey(text: string, source: string): Uint8Array {
  const trimmed = text.trim();
  if (!HEX_KEY.test(trimmed) || trimmed.length % 2 !== 0) {
    throw new RadsetError(
      'DEID_KEY_INVALID',
      `${source} does not hold a de-identification key (expected at least 64 hexadecimal digits, as radset init writes)`,
    );
  }
  return Uint8Array.from(Buffer.from(trimmed, 'hex'));
}

function readKeyFile(file: string, source: string): DeidKey {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RadsetError(
      'DEID_KEY_MISSING',
      code === 'ENOENT'
        ? `no de-identification key at ${path} (${source}): create one with radset init`
        : `cannot read the key file ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { key: parseKey(text, `key file ${path}`), source: `key file ${path}` };
}

/**
 * The project's de-identification key: `--key-file`, else `RADSET_DEID_KEY`
 * (the key itself, for secret stores that inject environment variables), else
 * `RADSET_DEID_KEY_FILE`, else the default file.
 */
export function resolveDeidKey(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DeidKey {
  if (keyFile !== undefined) return readKeyFile(keyFile, '--key-file');
  const inline = env[DEID_KEY_ENV];
  if (inline !== undefined && inline !== '') {
    return { key: parseKey(inline, `$${DEID_KEY_ENV}`), source: `$${DEID_KEY_ENV}` };
  }
  const fromEnv = env[DEID_KEY_FILE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return readKeyFile(fromEnv, `$${DEID_KEY_FILE_ENV}`);
  return readKeyFile(defaultKeyFile(env), 'the default key file');
}

/** True when others than the owner may read the key file (it should be 0600). */
export function keyFileTooOpen(file: string): boolean {
  try {
    return (statSync(file).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
