import { existsSync, mkdirSync } from 'node:fs';
import { openDatabase, type Database } from '../db/index.js';
import {
  createKeyFile,
  defaultDeidProfile,
  deidProfileDocument,
  keyFingerprint,
  loadDeidProfile,
  resolveDeidKey,
  type DeidKey,
  type DeidProfile,
} from '../deid/index.js';
import { RadsetError } from '../errors.js';
import { LocalBlobStore, writeFileAtomicSync } from '../store/index.js';
import { dataDirLayout, type DataDirLayout } from './data-dir.js';

/** An open project: its data folder, database, blob store, key and profile. */
export interface Project {
  readonly layout: DataDirLayout;
  readonly db: Database;
  readonly blobs: LocalBlobStore;
  readonly key: DeidKey;
  readonly profile: DeidProfile;
  close(): Promise<void>;
}

export interface InitProjectResult {
  readonly layout: DataDirLayout;
  readonly keyFingerprint: string;
  readonly keySource: string;
  readonly keyCreated: boolean;
  /** False when the folder was already a project with this key (init is idempotent). */
  readonly created: boolean;
}

/**
 * Records the key fingerprint on first use (returns true) and refuses any
 * other key later: pseudonyms made with two keys would split one patient in two.
 */
async function checkKey(db: Database, key: DeidKey, dataDir: string): Promise<boolean> {
  const fingerprint = keyFingerprint(key.key);
  const inserted = await db.query<{ id: number }>(
    'INSERT INTO project (id, key_fingerprint) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
    [fingerprint],
  );
  if (inserted.length > 0) return true;
  const rows = await db.query<{ key_fingerprint: string }>(
    'SELECT key_fingerprint FROM project WHERE id = 1',
  );
  const recorded = rows[0]?.key_fingerprint;
  if (recorded !== fingerprint) {
    throw new RadsetError(
      'PROJECT_KEY_MISMATCH',
      `the project in ${dataDir} was made with the key whose fingerprint is ${recorded ?? '?'}, ` +
        `but ${key.source} has fingerprint ${fingerprint}: its pseudonyms would not match; ` +
        'use the project key (--key-file, $RADSET_DEID_KEY or $RADSET_DEID_KEY_FILE)',
    );
  }
  return false;
}

/**
 * `radset init --data-dir`: creates the data folder (owner-only), the
 * database (migrated), the project's de-identification profile file, and the
 * key when there is none where it is looked for. Running it again is harmless.
 */
export async function initProject(options: {
  readonly dataDir: string;
  readonly keyFile: string | undefined;
  readonly defaultKeyFile: string;
  /** The key itself (the demo's fixed key); overrides the files. */
  readonly key?: DeidKey;
}): Promise<InitProjectResult> {
  const layout = dataDirLayout(options.dataDir);
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  let keyCreated = false;
  let key: DeidKey;
  try {
    key = options.key ?? resolveDeidKey(options.keyFile);
  } catch (error) {
    if (!(error instanceof RadsetError) || error.code !== 'DEID_KEY_MISSING') throw error;
    createKeyFile(options.keyFile ?? options.defaultKeyFile);
    keyCreated = true;
    key = resolveDeidKey(options.keyFile ?? options.defaultKeyFile);
  }
  if (!existsSync(layout.profile)) {
    writeFileAtomicSync(
      layout.profile,
      `${JSON.stringify(deidProfileDocument(defaultDeidProfile()), null, 2)}\n`,
    );
  }
  const db = await openDatabase({ dataDir: layout.root });
  try {
    const created = await checkKey(db, key, layout.root);
    return {
      layout,
      keyFingerprint: keyFingerprint(key.key),
      keySource: key.source,
      keyCreated,
      created,
    };
  } finally {
    await db.close();
  }
}

/** The layout of a data folder that `radset init --data-dir` made; a clear error otherwise. */
function initialisedLayout(dataDir: string): DataDirLayout {
  const layout = dataDirLayout(dataDir);
  if (!existsSync(layout.profile)) {
    throw new RadsetError(
      'PROJECT_NOT_INITIALISED',
      `${layout.root} is not a radset project: run 'radset init --data-dir ${layout.root}' first`,
    );
  }
  return layout;
}

/**
 * Opens the database of an initialised project without its key, for reading
 * the catalog (search, stats): it holds only pseudonyms.
 */
export async function openProjectDatabase(dataDir: string): Promise<Database> {
  return openDatabase({ dataDir: initialisedLayout(dataDir).root });
}

/**
 * Opens an initialised project with the given key (checked against the one
 * the project was made with). `profileFile` overrides the project's profile.
 */
export async function openProject(options: {
  readonly dataDir: string;
  readonly keyFile: string | undefined;
  readonly profileFile?: string | undefined;
  /** The key itself (the demo's fixed key); overrides `keyFile`. */
  readonly key?: DeidKey;
  /** A profile object; overrides the project's profile file and `profileFile`. */
  readonly profile?: DeidProfile;
}): Promise<Project> {
  const layout = initialisedLayout(options.dataDir);
  const key = options.key ?? resolveDeidKey(options.keyFile);
  const profile = options.profile ?? loadDeidProfile(options.profileFile ?? layout.profile);
  const db = await openDatabase({ dataDir: layout.root });
  try {
    await checkKey(db, key, layout.root);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    layout,
    db,
    blobs: new LocalBlobStore(layout.blobs),
    key,
    profile,
    close: () => db.close(),
  };
}
