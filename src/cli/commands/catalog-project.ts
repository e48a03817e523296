import { openDatabase, type Database } from '../../db/index.js';
import { RadsetError } from '../../errors.js';
import { dataDirLayout, resolveDataDir } from '../../project/index.js';
import { existsSync } from 'node:fs';

/**
 * The project database for read-only commands (search, stats): the catalog
 * holds only pseudonyms, so reading it needs no key.
 */
export async function openCatalogDatabase(dataDirFlag: string | undefined): Promise<Database> {
  const layout = dataDirLayout(resolveDataDir(dataDirFlag));
  if (!existsSync(layout.profile)) {
    throw new RadsetError(
      'PROJECT_NOT_INITIALISED',
      `${layout.root} is not a radset project: run 'radset init --data-dir ${layout.root}' first`,
    );
  }
  return openDatabase({ dataDir: layout.root });
}
