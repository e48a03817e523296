import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  defaultDeidProfile,
  defaultJobs,
  keyFileTooOpen,
  loadDeidProfile,
  resolveDeidKey,
  runDeidentification,
  type DeidRunSummary,
} from '../../deid/index.js';
import { RadsetError } from '../../errors.js';
import type { Command, CommandContext } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { version } from '../version.js';
import { DEID_VERIFY_USAGE, runDeidVerify } from './deid-verify.js';

const USAGE = `Usage: radset deid IN... --out DIR [options]
       radset deid verify ORIGINALS OUTPUTS [options]

De-identifies DICOM files and folders (recursively) with the DICOM PS3.15
Application Level Confidentiality Profile (Table E.1-1, 2024b) and its
options: UIDs become 2.25.<keyed HMAC>, the patient a keyed pseudonym, dates
shift by a keyed per-patient offset; private tags go unless on the safe lists;
free text is scrubbed of the patient's names, IDs, dates and addresses;
burned-in text is masked by rule and found by OCR (tesseract); overlays are
cleaned. Output: DIR/<patient>/<study>/<series>/<instance>.dcm, with
DIR/deid-log.jsonl (every element touched, the action and the rule; never a
value) and DIR/deid-summary.json. Files that cannot be de-identified are
quarantined with their reason, never dropped.

Options:
  --out DIR          output folder (created)
  --profile FILE     profile JSON: {"version":1,"options":[...],"ocr":true,
                     "pixelRules":[...]} (default: Basic Profile + Clean Pixel
                     Data, Graphics, Structured Content, Descriptors, Modified
                     Dates, Patient Characteristics, Safe Private)
  --key-file FILE    the key radset init wrote (default: $RADSET_DEID_KEY,
                     $RADSET_DEID_KEY_FILE, then ~/.config/radset/deid.key)
  --quarantine DIR   where failed inputs are copied with reasons.jsonl
                     (default: DIR.quarantine beside the output)
  --jobs N           worker threads (default: one per core)
  --no-ocr           do not run OCR (burned-in text rules still apply)
  --json             print the run summary as JSON

Exit status: 0 when the run completed (quarantined files are listed), 64 on
bad usage, 66 when an input does not exist, 78 when the key or profile is
missing or invalid.

${DEID_VERIFY_USAGE}`;

interface DeidArgs {
  inputs: string[];
  out?: string;
  profile?: string;
  keyFile?: string;
  quarantine?: string;
  jobs?: number;
  ocr: boolean;
  json: boolean;
  help: boolean;
}

function parseArgs(args: readonly string[]): DeidArgs {
  const parsed: DeidArgs = { inputs: [], ocr: true, json: false, help: false };
  const rest = [...args];
  const value = (name: string, inline: string | undefined): string => {
    const v = inline ?? rest.shift();
    if (v === undefined || v === '') throw new RadsetError('USAGE', `--${name} needs a value`);
    return v;
  };
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) {
      parsed.inputs.push(arg);
      continue;
    }
    const [, name = '', inline] = match;
    switch (name) {
      case 'out':
        parsed.out = value(name, inline);
        break;
      case 'profile':
        parsed.profile = value(name, inline);
        break;
      case 'key-file':
        parsed.keyFile = value(name, inline);
        break;
      case 'quarantine':
        parsed.quarantine = value(name, inline);
        break;
      case 'jobs': {
        const jobs = Number(value(name, inline));
        if (!Number.isInteger(jobs) || jobs < 1)
          throw new RadsetError('USAGE', '--jobs must be a whole number ≥ 1');
        parsed.jobs = jobs;
        break;
      }
      case 'no-ocr':
        parsed.ocr = false;
        break;
      case 'json':
        parsed.json = true;
        break;
      case 'help':
        parsed.help = true;
        break;
      default:
        throw new RadsetError('USAGE', `unknown option '${arg}'`);
    }
  }
  return parsed;
}

/** Quarantined files listed on the terminal; all of them are in reasons.jsonl. */
const QUARANTINE_LINES = 20;

function report(summary: DeidRunSummary, out: string, quarantineDir: string): string {
  const lines = [
    `radset deid: ${summary.stored} stored, ${summary.duplicates} duplicate, ${summary.quarantined.length} quarantined, of ${summary.inputs} input files (${summary.patients} patients)`,
    `  profile: ${summary.profileEdition}, ${summary.profileSource}; options: ${summary.options.join(', ')}`,
    `  key fingerprint: ${summary.keyFingerprint}`,
    `  ${summary.elapsedSeconds.toFixed(1)} s, ${summary.filesPerSecond.toFixed(0)} files/s`,
    `  actions: ${Object.entries(summary.actions)
      .sort((a, b) => b[1] - a[1])
      .map(([action, count]) => `${action} ${count}`)
      .join(', ')}`,
    `  output: ${out} (deid-log.jsonl, deid-summary.json)`,
  ];
  if (summary.reviewRequired.length > 0) {
    lines.push(
      `  burned-in text found by OCR and masked; a person should confirm ${summary.reviewRequired.length} instance(s):`,
    );
    for (const output of summary.reviewRequired.slice(0, 20)) lines.push(`    ${output}`);
    if (summary.reviewRequired.length > 20)
      lines.push(`    … and ${summary.reviewRequired.length - 20} more (deid-summary.json)`);
  }
  if (summary.quarantined.length > 0) {
    const byCode = new Map<string, number>();
    for (const q of summary.quarantined) byCode.set(q.code, (byCode.get(q.code) ?? 0) + 1);
    lines.push(
      `  quarantined: ${[...byCode].map(([code, n]) => `${code} ${n}`).join(', ')} (originals copied to ${quarantineDir}, every reason in reasons.jsonl)`,
    );
    const shown = summary.quarantined.filter((q) => q.code !== 'DICOM_NOT_DICOM');
    for (const q of shown.slice(0, QUARANTINE_LINES))
      lines.push(`    ${q.input}: ${q.code}: ${q.reason}`);
    if (shown.length > QUARANTINE_LINES)
      lines.push(`    … and ${shown.length - QUARANTINE_LINES} more`);
  }
  return `${lines.join('\n')}\n`;
}

export const deidCommand: Command = {
  name: 'deid',
  summary:
    'de-identify DICOM (PS3.15 profile, keyed pseudonyms, pixel text); deid verify checks for residual PHI',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    if (context.args[0] === 'verify') return runDeidVerify(context.args.slice(1), context);
    const args = parseArgs(context.args);
    if (args.help) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.inputs.length === 0) throw new RadsetError('USAGE', 'no input file or folder');
    if (args.out === undefined) throw new RadsetError('USAGE', '--out DIR is required');
    for (const input of args.inputs) {
      try {
        await stat(input);
      } catch (error) {
        throw new RadsetError('NOT_FOUND', `no such file or folder: ${input}`, { cause: error });
      }
    }
    const key = resolveDeidKey(args.keyFile);
    if (args.keyFile !== undefined && keyFileTooOpen(args.keyFile)) {
      context.stderr.write(
        `radset deid: warning: ${args.keyFile} is readable by others; chmod 600 it\n`,
      );
    }
    const base = args.profile === undefined ? defaultDeidProfile() : loadDeidProfile(args.profile);
    const profile = args.ocr ? base : { ...base, ocr: false };
    const out = resolve(args.out);
    const quarantineDir = resolve(args.quarantine ?? `${out}.quarantine`);
    const onProgress = progressBar(context.stderr, 'files');
    const summary = await runDeidentification({
      inputs: args.inputs,
      outDir: out,
      quarantineDir,
      profile,
      key,
      jobs: args.jobs ?? defaultJobs(),
      software: `radset ${version()}`,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    context.stdout.write(
      args.json ? `${JSON.stringify(summary, null, 2)}\n` : report(summary, out, quarantineDir),
    );
    return 0;
  },
};
