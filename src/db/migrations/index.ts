import { CATALOG_MIGRATION } from './0001-catalog.js';

/** One numbered schema change; statements run in order in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [CATALOG_MIGRATION];
