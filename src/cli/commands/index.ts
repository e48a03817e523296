import type { Command } from '../command.js';

/** Every verb of the CLI, in the order `radset help` lists them. */
export const COMMANDS: readonly Command[] = [];
