import type { Command } from '../command.js';

/**
 * Every verb of the CLI, in the order `radset help` lists them, each loaded
 * only when it runs: a command imports its own domains (the database
 * drivers, codecs, OCR…), so `radset nifti` or `radset dump` does not pay
 * for the modules of `radset ingest`.
 */
const LOADERS: readonly (readonly [string, () => Promise<Command>])[] = [
  ['dump', async () => (await import('./dump.js')).dumpCommand],
  ['pixels', async () => (await import('./pixels.js')).pixelsCommand],
  ['scan', async () => (await import('./scan.js')).scanCommand],
  ['synth', async () => (await import('./synth.js')).synthCommand],
  ['init', async () => (await import('./init.js')).initCommand],
  ['deid', async () => (await import('./deid.js')).deidCommand],
  ['ingest', async () => (await import('./ingest.js')).ingestCommand],
  ['listen', async () => (await import('./listen.js')).listenCommand],
  ['search', async () => (await import('./search.js')).searchCommand],
  ['nifti', async () => (await import('./nifti.js')).niftiCommand],
  ['export', async () => (await import('./export.js')).exportCommand],
  ['stats', async () => (await import('./stats.js')).statsCommand],
  ['audit', async () => (await import('./audit.js')).auditCommand],
  ['demo', async () => (await import('./demo.js')).demoCommand],
];

/** The names of every command, in help order. */
export const COMMAND_NAMES: readonly string[] = LOADERS.map(([name]) => name);

/** Loads one command; undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const loader = LOADERS.find(([candidate]) => candidate === name)?.[1];
  return loader === undefined ? undefined : loader();
}

/** Loads every command, in help order (for `radset help`). */
export async function loadAllCommands(): Promise<Command[]> {
  return Promise.all(LOADERS.map(([, load]) => load()));
}
