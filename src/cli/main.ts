import { classifyError, RadsetError } from '../errors.js';
import type { Command, CommandContext } from './command.js';
import { loadAllCommands, loadCommand } from './commands/index.js';
import { version } from './version.js';

async function helpText(): Promise<string> {
  const COMMANDS = await loadAllCommands();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'radset: radiology DICOM to audit-ready AI training datasets',
    '',
    'Usage: radset <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "radset help <command> shows a command's options.",
    '',
  ].join('\n');
}

/**
 * Runs the CLI and resolves to the process exit code. Errors are reported on
 * stderr with their catalogue code; nothing is thrown out of here.
 */
export async function main(
  argv: readonly string[],
  streams: Pick<CommandContext, 'stdout' | 'stderr'> = {
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = args[0];
    const command = topic === undefined ? undefined : await loadCommand(topic);
    streams.stdout.write(command === undefined ? await helpText() : `${command.usage}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    streams.stdout.write(`${version()}\n`);
    return 0;
  }
  let command: Command | undefined;
  try {
    command = await loadCommand(name);
    if (command === undefined)
      throw new RadsetError('USAGE', `unknown command '${name}' (radset help lists them)`);
    return await command.run({ args, ...streams });
  } catch (error) {
    const { code, entry, message } = classifyError(error);
    streams.stderr.write(`radset ${name}: error ${code}: ${message}\n`);
    if (code === 'USAGE' && command !== undefined) streams.stderr.write(`\n${command.usage}\n`);
    if (
      code === 'INTERNAL' &&
      error instanceof Error &&
      error.stack !== undefined &&
      process.env.RADSET_DEBUG === '1'
    ) {
      streams.stderr.write(`${error.stack}\n`);
    }
    return entry.exitCode;
  }
}
