import { verifyAuditChain } from '../../audit/index.js';
import { RadsetError } from '../../errors.js';
import { openProjectDatabase, resolveDataDir } from '../../project/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionValue, parseOptions } from '../options.js';

const USAGE = `Usage: radset audit verify [--data-dir DIR] [--expect-head HASH] [--json]

Walks the project's audit log and recomputes its hash chain: an entry changed
after it was written, a deleted entry, or entries moved out of order are
reported by sequence number, and the exit status is then 65. A chain whose
last entries were cut off is still a valid chain: pass the head hash printed
by an earlier verify (kept somewhere else) as --expect-head to detect that.

Options:
  --data-dir DIR       the project (default: $RADSET_DATA_DIR, else ./radset-data)
  --expect-head HASH   the last entry's hash as recorded earlier
  --json               print the result as JSON`;

export const auditCommand: Command = {
  name: 'audit',
  summary: "verify the project's tamper-evident audit log (audit verify)",
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const [verb, ...rest] = context.args;
    if (verb === undefined || verb === '--help' || verb === '-h') {
      context.stdout.write(`${USAGE}\n`);
      return verb === undefined ? 64 : 0;
    }
    if (verb !== 'verify')
      throw new RadsetError('USAGE', `unknown audit command '${verb}'\n\n${USAGE}`);
    const options = parseOptions(rest, {
      'data-dir': 'value',
      'expect-head': 'value',
      json: 'flag',
    });
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const expected = optionValue(options, 'expect-head');
    if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected))
      throw new RadsetError('USAGE', `--expect-head takes a SHA-256 hex hash, not '${expected}'`);
    const db = await openProjectDatabase(resolveDataDir(optionValue(options, 'data-dir')));
    try {
      const result = await verifyAuditChain(
        db,
        expected === undefined ? {} : { expectedHeadHash: expected },
      );
      if (options.flags.has('json')) {
        context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const problem of result.problems) context.stderr.write(`  ${problem.message}\n`);
        context.stdout.write(
          `${result.ok ? 'audit log intact' : `audit log TAMPERED: ${result.problems.length} problem(s)`}: ${result.entries} entries, head ${result.headHash}\n`,
        );
      }
      return result.ok ? 0 : 65;
    } finally {
      await db.close();
    }
  },
};
