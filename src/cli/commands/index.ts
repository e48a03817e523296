import type { Command } from '../command.js';
import { deidCommand } from './deid.js';
import { demoCommand } from './demo.js';
import { dumpCommand } from './dump.js';
import { exportCommand } from './export.js';
import { ingestCommand } from './ingest.js';
import { initCommand } from './init.js';
import { listenCommand } from './listen.js';
import { niftiCommand } from './nifti.js';
import { pixelsCommand } from './pixels.js';
import { scanCommand } from './scan.js';
import { searchCommand } from './search.js';
import { statsCommand } from './stats.js';
import { synthCommand } from './synth.js';

/** Every verb of the CLI, in the order `radset help` lists them. */
export const COMMANDS: readonly Command[] = [
  dumpCommand,
  pixelsCommand,
  scanCommand,
  synthCommand,
  initCommand,
  deidCommand,
  ingestCommand,
  listenCommand,
  searchCommand,
  niftiCommand,
  exportCommand,
  statsCommand,
  demoCommand,
];
