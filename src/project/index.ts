/** A radset project: its data folder, database, blob store, key and de-identification profile. */
export {
  DATA_DIR_ENV,
  DEFAULT_DATA_DIR,
  dataDirLayout,
  resolveDataDir,
  type DataDirLayout,
} from './data-dir.js';
export {
  initProject,
  openProject,
  openProjectDatabase,
  type InitProjectResult,
  type Project,
} from './project.js';
