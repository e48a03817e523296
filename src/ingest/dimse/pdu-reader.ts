/**
 * Turns the byte stream of a DICOM Upper Layer connection into PDUs (PS3.8
 * section 9.3), whatever the TCP reads: a PDU split over many reads, several
 * PDUs in one read. P-DATA-TF PDUs are not gathered whole: each presentation
 * data value (PS3.8 9.3.5.1) is handed on as soon as it has arrived, as views
 * of the received chunks, so data set bytes are never copied here.
 */
import { ByteQueue } from './byte-queue.js';
import { PDU_HEADER_BYTES, PDU_TYPE } from './pdu.js';
import { ABORT_REASON, DimseProtocolError } from './protocol-error.js';

/** A PDU other than P-DATA-TF, with its body (after the 6-byte header). */
export interface ControlPdu {
  readonly kind: 'pdu';
  readonly type: number;
  readonly body: Uint8Array;
}

/** One presentation data value of a P-DATA-TF PDU (PS3.8 section 9.3.5.1, Annex E.2). */
export interface Pdv {
  readonly kind: 'pdv';
  readonly contextId: number;
  /** Message control header bit 0: a command fragment (else data set). */
  readonly command: boolean;
  /** Message control header bit 1: the last fragment of the command or data set. */
  readonly last: boolean;
  /** The fragment, as views of the received chunks. */
  readonly chunks: readonly Uint8Array[];
  readonly length: number;
}

export type PduReaderOutput = ControlPdu | Pdv;

export interface PduReaderLimits {
  /** Largest P-DATA-TF accepted (its length field); larger ones are a protocol error. */
  readonly maxDataPduBytes: number;
  /** Largest other PDU accepted (A-ASSOCIATE-RQ is the big one, typically well under 100 KiB). */
  readonly maxControlPduBytes: number;
}

/** PDV item header: 32-bit item length, context ID, message control header. */
const PDV_HEADER_BYTES = 6;

type State =
  | { readonly at: 'header' }
  | { readonly at: 'control'; readonly type: number; readonly length: number }
  | { readonly at: 'pdata'; remaining: number };

export class PduReader {
  private readonly queue = new ByteQueue();
  private state: State = { at: 'header' };

  constructor(
    private readonly limits: PduReaderLimits,
    private readonly output: (item: PduReaderOutput) => void,
  ) {}

  /** Whether the stream stopped cleanly between PDUs (nothing half-received). */
  get idle(): boolean {
    return this.state.at === 'header' && this.queue.length === 0;
  }

  /**
   * Adds received bytes and hands on every PDU or PDV now complete, in order.
   * Throws DimseProtocolError for bytes that are not a well-formed PDU stream;
   * the stream cannot be resumed after that.
   */
  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
    for (;;) {
      const state = this.state;
      if (state.at === 'header') {
        if (this.queue.length < PDU_HEADER_BYTES) return;
        this.state = this.readHeader();
      } else if (state.at === 'control') {
        if (this.queue.length < state.length) return;
        const body = this.queue.takeContiguous(state.length);
        this.state = { at: 'header' };
        this.output({ kind: 'pdu', type: state.type, body });
      } else {
        if (state.remaining === 0) {
          this.state = { at: 'header' };
          continue;
        }
        if (!this.readPdv(state)) return;
      }
    }
  }

  private readHeader(): State {
    const type = this.queue.byteAt(0);
    const length = this.queue.uint32At(2);
    if (type < PDU_TYPE.associateRq || type > PDU_TYPE.abort) {
      throw new DimseProtocolError(
        `not a DICOM PDU: type byte 0x${type.toString(16).padStart(2, '0')}`,
        ABORT_REASON.unrecognizedPdu,
      );
    }
    if (type === PDU_TYPE.pDataTf) {
      if (length > this.limits.maxDataPduBytes)
        throw new DimseProtocolError(
          `P-DATA-TF of ${length} bytes exceeds the ${this.limits.maxDataPduBytes}-byte limit`,
        );
      if (length < PDV_HEADER_BYTES)
        throw new DimseProtocolError(`P-DATA-TF of ${length} bytes holds no PDV item`);
      this.queue.skip(PDU_HEADER_BYTES);
      return { at: 'pdata', remaining: length };
    }
    if (length > this.limits.maxControlPduBytes)
      throw new DimseProtocolError(
        `PDU type ${type} of ${length} bytes exceeds the ${this.limits.maxControlPduBytes}-byte limit`,
      );
    this.queue.skip(PDU_HEADER_BYTES);
    return { at: 'control', type, length };
  }

  /** Reads one PDV item when it has fully arrived; false when more bytes are needed. */
  private readPdv(state: { remaining: number }): boolean {
    if (this.queue.length < PDV_HEADER_BYTES) return false;
    const itemLength = this.queue.uint32At(0);
    // The item length counts the 2 header bytes plus the fragment (PS3.8 Table 9-23).
    if (itemLength < 2 || itemLength + 4 > state.remaining) {
      throw new DimseProtocolError(
        `PDV item length ${itemLength} does not fit the ${state.remaining} bytes left in its P-DATA-TF`,
      );
    }
    if (this.queue.length < itemLength + 4) return false;
    const contextId = this.queue.byteAt(4);
    const control = this.queue.byteAt(5);
    this.queue.skip(PDV_HEADER_BYTES);
    const length = itemLength - 2;
    const chunks = this.queue.take(length);
    state.remaining -= itemLength + 4;
    this.output({
      kind: 'pdv',
      contextId,
      command: (control & 1) === 1,
      last: (control & 2) === 2,
      chunks,
      length,
    });
    return true;
  }
}
