import { CATALOG_MIGRATION } from './0001-catalog.js';
import { AUDIT_MIGRATION } from './0002-audit.js';

/** One numbered schema change; statements run in order in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [CATALOG_MIGRATION, AUDIT_MIGRATION];
