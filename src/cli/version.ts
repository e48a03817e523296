import { readFileSync } from 'node:fs';

/** radset's version from package.json, recorded in outputs (De-identification Method, reports). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
