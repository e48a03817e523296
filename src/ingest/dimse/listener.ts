/**
 * The C-STORE SCP: a TCP listener speaking the DICOM Upper Layer protocol
 * (PS3.8) that accepts Verification and Storage associations and hands every
 * received instance, as Part 10 bytes, to the ingest pipeline.
 *
 * ```ts
 * const listener = await startDimseListener({
 *   aeTitle: 'RADSET',
 *   port: 11112,
 *   onStore: async (instance) => ingest(instance.part10),
 * });
 * // … storescu -aec RADSET host 11112 files…
 * await listener.close();
 * ```
 */
import { createServer, type Server, type Socket } from 'node:net';
import { RadsetError } from '../../errors.js';
import { Association, type AssociationHost } from './association.js';
import type { DimseEvent } from './dimse-event.js';
import type { ReceivedInstance, StoreOutcome } from './received-instance.js';

export interface DimseListenerOptions {
  /** The called AE title answered to; any other is rejected (A-ASSOCIATE-RJ, "called AE title not recognized"). */
  readonly aeTitle: string;
  /** TCP port; 0 picks a free one (see {@link DimseListener.port}). */
  readonly port: number;
  /** Interface to listen on; default '0.0.0.0'. */
  readonly host?: string;
  /** Called for each instance received, one at a time per association; its outcome is the C-STORE-RSP status. */
  readonly onStore: (instance: ReceivedInstance) => Promise<StoreOutcome>;
  /** Calling AE titles let in; undefined lets in any. Others: A-ASSOCIATE-RJ "calling AE title not recognized". */
  readonly allowedCallingAeTitles?: readonly string[];
  /** Maximum P-DATA-TF length announced to peers (PS3.8 Annex D.1); default 262144. */
  readonly maxPduLengthBytes?: number;
  /** Concurrent associations; more are rejected as transient ("local limit exceeded"). Default unlimited. */
  readonly maxAssociations?: number;
  /** A connection with no traffic for this long is aborted (also the wait for A-ASSOCIATE-RQ). Default 60. */
  readonly idleTimeoutSeconds?: number;
  /** Association opened/released/aborted/rejected, echo, store, protocol errors — for logs. */
  readonly onEvent?: (event: DimseEvent) => void;
}

export interface DimseListener {
  /** The port listened on (the one picked when options.port was 0). */
  readonly port: number;
  /**
   * Stops listening, aborts open associations and waits for onStore calls
   * still running, so the pipeline may be shut down after it resolves.
   */
  close(): Promise<void>;
}

const DEFAULT_MAX_PDU_BYTES = 262_144;
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
/**
 * P-DATA-TF PDUs larger than this are refused with A-ABORT whatever we
 * announced: peers may exceed the announced maximum (accepted, leniently), but
 * one PDU is buffered whole before its PDVs are read, so its size is capped.
 */
const MAX_RECEIVED_PDU_BYTES = 64 * 1024 * 1024;

function invalid(message: string): RadsetError {
  return new RadsetError('INVALID_ARGUMENT', `DIMSE listener: ${message}`);
}

function checkOptions(options: DimseListenerOptions): void {
  const title = options.aeTitle;
  // AE: 1–16 characters, not all spaces, no backslash or control characters (PS3.5 Table 6.2-1).
  if (title.trim() === '' || title.length > 16 || /[\\\x00-\x1f\x7f-\uffff]/.test(title))
    throw invalid(`aeTitle '${title}' is not an AE title (1 to 16 printable ASCII characters)`);
  if (title !== title.trim())
    throw invalid(`aeTitle '${title}' has leading or trailing spaces, which peers drop`);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw invalid(`port ${options.port} is not a TCP port (0–65535)`);
  const maxPdu = options.maxPduLengthBytes;
  if (
    maxPdu !== undefined &&
    (!Number.isInteger(maxPdu) || maxPdu < 4096 || maxPdu > MAX_RECEIVED_PDU_BYTES)
  )
    throw invalid(`maxPduLengthBytes ${maxPdu} is outside 4096–${MAX_RECEIVED_PDU_BYTES}`);
  const max = options.maxAssociations;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw invalid(`maxAssociations ${max} is not a positive integer`);
  const idle = options.idleTimeoutSeconds;
  if (idle !== undefined && !(idle > 0 && idle <= 86_400))
    throw invalid(`idleTimeoutSeconds ${idle} is outside (0, 86400]`);
}

/** Starts the listener; resolves once it accepts connections. */
export async function startDimseListener(options: DimseListenerOptions): Promise<DimseListener> {
  checkOptions(options);
  const associations = new Set<Association>();
  const inFlight = new Set<Promise<unknown>>();
  let activeAssociations = 0;
  let nextId = 1;
  const onEvent = options.onEvent;
  const host: AssociationHost = {
    aeTitle: options.aeTitle,
    allowedCallingAeTitles: options.allowedCallingAeTitles,
    maxPduLengthBytes: options.maxPduLengthBytes ?? DEFAULT_MAX_PDU_BYTES,
    maxDataPduBytes: MAX_RECEIVED_PDU_BYTES,
    idleTimeoutMs: (options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000,
    onStore: options.onStore,
    emit(event) {
      if (onEvent === undefined) return;
      try {
        onEvent(event);
      } catch {
        // A failing logger must not take the listener down.
      }
    },
    reserveSlot() {
      if (options.maxAssociations !== undefined && activeAssociations >= options.maxAssociations)
        return false;
      activeAssociations += 1;
      return true;
    },
    releaseSlot() {
      activeAssociations -= 1;
    },
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    closed(association) {
      associations.delete(association);
    },
  };

  const server: Server = createServer({ noDelay: true }, (socket: Socket) => {
    try {
      associations.add(new Association(nextId++, socket, host));
    } catch {
      socket.destroy();
    }
  });
  // Errors after listening (e.g. EMFILE on accept) affect one connection; keep serving.
  const listenHost = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void =>
      reject(
        new RadsetError(
          'INGEST_SOURCE_FAILED',
          `DIMSE listener cannot listen on ${listenHost}:${options.port}: ${error.message}`,
          { cause: error },
        ),
      );
    server.once('error', onError);
    server.listen(options.port, listenHost, () => {
      server.off('error', onError);
      server.on('error', () => undefined);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  let closing: Promise<void> | undefined;
  return {
    port,
    close(): Promise<void> {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const association of [...associations]) association.shutdown();
        await stopped;
        await Promise.allSettled([...inFlight]);
      })();
      return closing;
    },
  };
}
