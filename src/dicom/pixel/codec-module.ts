import { createRequire } from 'node:module';

/**
 * Loading of the WebAssembly codec packages: each is loaded on first use and
 * once per process, and dropped again when it fails (a WebAssembly trap can
 * leave an Emscripten module unusable), so the next frame gets a fresh one.
 */

/** A module loaded on first use; `reset` forgets it. */
export interface LazyModule<T> {
  get(): Promise<T>;
  reset(): void;
}

/** Wraps a loader so it runs once; a failed load is retried on the next `get`. */
export function lazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  let pending: Promise<T> | undefined;
  return {
    get(): Promise<T> {
      if (pending === undefined) {
        pending = load().catch((error: unknown) => {
          pending = undefined;
          throw error;
        });
      }
      return pending;
    },
    reset(): void {
      pending = undefined;
    },
  };
}

const requireFromHere = createRequire(import.meta.url);

/** `require` of a CommonJS codec package (the Emscripten builds are CommonJS); typed `unknown` until checked. */
export function requirePackage(specifier: string): unknown {
  const loaded: unknown = requireFromHere(specifier);
  return loaded;
}

/** Messages an Emscripten module printed (stdout and stderr) during the current decode. */
class CodecMessages {
  private lines: string[] = [];
  readonly print = (text: string): void => {
    if (this.lines.length < 50) this.lines.push(text);
  };
  clear(): void {
    this.lines = [];
  }
  /** Error-looking lines (OpenJPEG prefixes `[ERROR]`), or all lines when none look like errors. */
  summary(): string {
    const errors = this.lines.filter((line) => /error|fail|invalid|corrupt/i.test(line));
    return (errors.length > 0 ? errors : this.lines)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('; ');
  }
}

/** What the Emscripten factory of the cornerstone codec builds gives back (embind classes live on it). */
export type EmscriptenModule = Record<string, unknown>;

/** Calls an Emscripten MODULARIZE factory with print hooks and checks it gives a module object. */
async function instantiateEmscripten(
  specifier: string,
  messages: CodecMessages,
): Promise<EmscriptenModule> {
  const factory = requirePackage(specifier);
  if (typeof factory !== 'function')
    throw new Error(`${specifier} does not export an Emscripten module factory`);
  const instance: unknown = await (factory as (overrides: object) => Promise<unknown>)({
    print: messages.print,
    printErr: messages.print,
  });
  if (typeof instance !== 'object' || instance === null)
    throw new Error(`${specifier} did not instantiate`);
  return instance as EmscriptenModule;
}

/** Frame information the cornerstone decoders report after `decode()`. */
export interface EmbindFrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

/** The common shape of the cornerstone embind decoders (JpegLSDecoder, J2KDecoder, HTJ2KDecoder, JPEGDecoder). */
export interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): EmbindFrameInfo;
  delete(): void;
}

/** A new instance of an embind decoder class; the caller must `delete()` it. */
function newEmbindDecoder(module: EmscriptenModule, className: string): EmbindDecoder {
  const constructor = module[className];
  if (typeof constructor !== 'function') throw new Error(`codec module has no ${className} class`);
  const instance: unknown = new (constructor as new () => unknown)();
  for (const method of [
    'getEncodedBuffer',
    'getDecodedBuffer',
    'decode',
    'getFrameInfo',
    'delete',
  ]) {
    if (typeof (instance as Record<string, unknown>)[method] !== 'function')
      throw new Error(`${className} has no ${method}()`);
  }
  return instance as EmbindDecoder;
}

/**
 * The message of something an Emscripten build threw: C++ exceptions arrive
 * as a number (a pointer) that `getExceptionMessage` can read when the build
 * exports it.
 */
export function emscriptenErrorMessage(module: EmscriptenModule, thrown: unknown): string {
  if (typeof thrown === 'number') {
    const reader = module.getExceptionMessage;
    if (typeof reader === 'function') {
      try {
        const message: unknown = (reader as (pointer: number) => unknown)(thrown);
        if (Array.isArray(message))
          return message.filter((part) => typeof part === 'string' && part !== '').join(': ');
        if (typeof message === 'string') return message;
      } catch {
        // fall through to the generic message
      }
    }
    return `the codec rejected the stream (native exception ${thrown})`;
  }
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/** Whether a thrown value is a WebAssembly trap or Emscripten abort, after which the module must be reloaded. */
export function isFatalWasmError(thrown: unknown): boolean {
  return (
    thrown instanceof Error && (thrown.name === 'RuntimeError' || /abort/i.test(thrown.message))
  );
}

/** A decoded frame copied out of WebAssembly memory, with what the decoder reported. */
export interface EmbindDecodeResult {
  readonly bytes: Uint8Array;
  readonly frameInfo: EmbindFrameInfo;
  /** Values read by the caller's `inspect` hook after decoding (e.g. JPEG-LS interleave mode). */
  readonly extra: Readonly<Record<string, number>>;
}

/**
 * Runs one cornerstone embind decoder over a frame: copies the codestream in,
 * decodes, copies the result out and frees the decoder. Errors become an
 * Error carrying the codec's own message; a trap or abort also discards the
 * module so the next frame loads a fresh one.
 */
async function runEmbindDecoder(
  module: LazyModule<EmscriptenModule>,
  messages: CodecMessages,
  className: string,
  encoded: Uint8Array,
  inspect?: (decoder: Record<string, unknown>) => Record<string, number>,
): Promise<EmbindDecodeResult> {
  const instance = await module.get();
  messages.clear();
  let decoder: EmbindDecoder | undefined;
  try {
    decoder = newEmbindDecoder(instance, className);
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const frameInfo = decoder.getFrameInfo();
    const decoded = decoder.getDecodedBuffer();
    if (frameInfo.width === 0 || decoded.length === 0) {
      throw new Error(messages.summary() || 'the decoder produced no image');
    }
    const extra = inspect?.(decoder as unknown as Record<string, unknown>) ?? {};
    return { bytes: new Uint8Array(decoded), frameInfo: { ...frameInfo }, extra };
  } catch (error) {
    if (isFatalWasmError(error)) module.reset();
    const printed = messages.summary();
    const message = emscriptenErrorMessage(instance, error);
    throw new Error(
      printed !== '' && !message.includes(printed) ? `${message} (${printed})` : message,
      { cause: error },
    );
  } finally {
    try {
      decoder?.delete();
    } catch {
      module.reset();
    }
  }
}

/** Decodes one frame with a cornerstone embind decoder (see {@link embindCodec}). */
export type EmbindCodec = (
  encoded: Uint8Array,
  inspect?: (decoder: Record<string, unknown>) => Record<string, number>,
) => Promise<EmbindDecodeResult>;

/**
 * A decoder over the embind class `className` of the Emscripten package
 * `specifier`: the package loads on first use, with its own message capture,
 * and each call runs one decode as {@link runEmbindDecoder} describes.
 */
export function embindCodec(specifier: string, className: string): EmbindCodec {
  const messages = new CodecMessages();
  const module = lazyModule(() => instantiateEmscripten(specifier, messages));
  return (encoded, inspect) => runEmbindDecoder(module, messages, className, encoded, inspect);
}
