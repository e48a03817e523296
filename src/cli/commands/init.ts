import { createKeyFile, defaultKeyFile, DEID_KEY_FILE_ENV } from '../../deid/index.js';
import { RadsetError } from '../../errors.js';
import { initProject, resolveDataDir } from '../../project/index.js';
import type { Command, CommandContext } from '../command.js';

const USAGE = `Usage: radset init --data-dir DIR [--key-file FILE]
       radset init [--key-file FILE] [--force]

With --data-dir: creates the project's data folder (owner-only), its
database (embedded in DIR/db, or the PostgreSQL server in
$RADSET_DATABASE_URL, migrated to the newest schema), DIR/deid-profile.json
(the project's de-identification profile, to edit) and, when there is none
yet, the key. The key's fingerprint is recorded: radset refuses to ingest
into the project with another key. Running it again changes nothing.

Without --data-dir: creates the project's de-identification key: 32 random bytes, written as hex
to a file only its owner can read (mode 0600). Every pseudonym radset issues
(UIDs, patient IDs, date shifts) is a keyed HMAC-SHA-256 under this key: the
same key gives the same pseudonyms on every run and machine; without it
nobody can confirm a guessed MRN. Keep the key outside the data folder and
back it up: a lost key cannot be recovered, and a new key issues unrelated
pseudonyms. The key is never printed or logged.

Options:
  --key-file FILE  where to write it (default: $${DEID_KEY_FILE_ENV}, else
                   ${defaultKeyFile().replace(process.env.HOME ?? '\0', '~')})
  --force          replace an existing key (pseudonyms issued with it can no
                   longer be reproduced)

radset deid also reads the key itself from $RADSET_DEID_KEY (64 hex digits),
for secret stores that inject environment variables.`;

export const initCommand: Command = {
  name: 'init',
  summary: 'create a project (data folder, database, profile) and its de-identification key',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    let keyFile: string | undefined;
    let dataDir: string | undefined;
    let force = false;
    const args = [...context.args];
    while (args.length > 0) {
      const arg = args.shift() ?? '';
      if (arg === '--help' || arg === '-h') {
        context.stdout.write(`${USAGE}\n`);
        return 0;
      }
      if (arg === '--force') force = true;
      else if (arg === '--key-file') {
        keyFile = args.shift();
        if (keyFile === undefined) throw new RadsetError('USAGE', '--key-file needs a FILE');
      } else if (arg.startsWith('--key-file=')) keyFile = arg.slice('--key-file='.length);
      else if (arg === '--data-dir') {
        dataDir = args.shift();
        if (dataDir === undefined) throw new RadsetError('USAGE', '--data-dir needs a DIR');
      } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
      else throw new RadsetError('USAGE', `unknown argument '${arg}'`);
    }
    const fromEnv = process.env[DEID_KEY_FILE_ENV];
    const file = keyFile ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaultKeyFile());
    if (dataDir !== undefined) {
      if (force)
        throw new RadsetError('USAGE', '--force replaces a key; it cannot be used with --data-dir');
      const result = await initProject({
        dataDir: resolveDataDir(dataDir),
        keyFile,
        defaultKeyFile: file,
      });
      const key = result.keyCreated
        ? `wrote a new de-identification key to ${file} (mode 0600)`
        : `using the key from ${result.keySource}`;
      context.stdout.write(
        `radset init: ${result.created ? 'created' : 'already a project:'} ${result.layout.root}; ${key}; key fingerprint ${result.keyFingerprint}\n`,
      );
      return 0;
    }
    createKeyFile(file, force);
    context.stdout.write(`radset init: wrote a new de-identification key to ${file} (mode 0600)\n`);
    return 0;
  },
};
