import { RadsetError } from '../errors.js';

/** How a `--name` option is read: a flag, one value (last wins), or a list (repeatable). */
export type OptionKind = 'flag' | 'value' | 'list';

export interface ParsedOptions {
  readonly positional: string[];
  readonly flags: ReadonlySet<string>;
  /** Every value given, in order, per option (`--x a --x b` or `--x=a`). */
  readonly values: ReadonlyMap<string, string[]>;
}

/**
 * Parses `--name VALUE`, `--name=VALUE` and `--flag` against a spec; anything
 * else is positional. Unknown options and missing values are usage errors
 * naming the option.
 */
export function parseOptions(
  args: readonly string[],
  spec: Readonly<Record<string, OptionKind>>,
): ParsedOptions {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const rest = [...args];
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (match === null) {
      if (arg === '-h') flags.add('help');
      else positional.push(arg);
      continue;
    }
    const [, name = '', inline] = match;
    const kind = name === 'help' ? 'flag' : spec[name];
    if (kind === undefined) throw new RadsetError('USAGE', `unknown option '--${name}'`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new RadsetError('USAGE', `--${name} takes no value`);
      flags.add(name);
      continue;
    }
    const value = inline ?? rest.shift();
    if (value === undefined || value === '')
      throw new RadsetError('USAGE', `--${name} needs a value`);
    const list = values.get(name) ?? [];
    if (kind === 'value') list.length = 0;
    list.push(value);
    values.set(name, list);
  }
  return { positional, flags, values };
}

/** The single value of an option, if given. */
export function optionValue(options: ParsedOptions, name: string): string | undefined {
  return options.values.get(name)?.at(-1);
}

/** A whole-number option within bounds, if given. */
export function optionInteger(
  options: ParsedOptions,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = optionValue(options, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RadsetError(
      'USAGE',
      `--${name} must be a whole number from ${min} to ${max}, got '${text}'`,
    );
  }
  return value;
}
