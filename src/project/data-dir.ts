import { join, resolve } from 'node:path';

/** Where the project's data folder is when `--data-dir` is not given. */
export const DATA_DIR_ENV = 'RADSET_DATA_DIR';
export const DEFAULT_DATA_DIR = 'radset-data';

/** The data folder: `--data-dir`, else `$RADSET_DATA_DIR`, else `./radset-data`. */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env[DATA_DIR_ENV];
  return resolve(flag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DATA_DIR));
}

/** The folders and files inside a data folder. */
export interface DataDirLayout {
  readonly root: string;
  /** Content-addressed de-identified instances. */
  readonly blobs: string;
  /** Originals that could not be stored (they carry PHI: owner-only). */
  readonly quarantine: string;
  /** The project's de-identification profile (editable JSON). */
  readonly profile: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    blobs: join(root, 'blobs'),
    quarantine: join(root, 'quarantine'),
    profile: join(root, 'deid-profile.json'),
  };
}
