/** What a CLI command receives: its arguments and where to write. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** One verb of the `radset` command. */
export interface Command {
  readonly name: string;
  /** One line for `radset help`. */
  readonly summary: string;
  /** Full usage text for `radset help NAME` and usage errors. */
  readonly usage: string;
  /** Runs the command; resolves to the exit code. Throws catalogue errors on failure. */
  run(context: CommandContext): Promise<number>;
}
