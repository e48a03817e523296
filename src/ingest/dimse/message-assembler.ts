/**
 * Reassembles DIMSE messages from presentation data values (PS3.7 section
 * 6.3.1; PS3.8 Annex E.2): command fragments until the one flagged last,
 * then, when the command says a data set follows, data set fragments on the
 * same presentation context until the last. Fragments are kept as the views
 * the PDU reader handed over; the data set is concatenated once, later, into
 * its final buffer.
 */
import { decodeCommandSet, type CommandSet } from './command-set.js';
import { concatChunks } from './byte-queue.js';
import type { Pdv } from './pdu-reader.js';
import { ABORT_REASON, DimseProtocolError } from './protocol-error.js';

/** A complete DIMSE message. */
export interface DimseMessage {
  readonly contextId: number;
  readonly command: CommandSet;
  /** The data set fragments, in order (views, not copies); undefined when the command has none. */
  readonly dataSet?: { readonly chunks: readonly Uint8Array[]; readonly length: number };
}

/** Command sets are a few hundred bytes; more than this is not a command. */
const MAX_COMMAND_BYTES = 1024 * 1024;

type State =
  | { readonly at: 'idle' }
  | {
      readonly at: 'command';
      readonly contextId: number;
      readonly chunks: Uint8Array[];
      length: number;
    }
  | {
      readonly at: 'data';
      readonly contextId: number;
      readonly command: CommandSet;
      readonly chunks: Uint8Array[];
      length: number;
    };

export class MessageAssembler {
  private state: State = { at: 'idle' };

  /** Whether a message is partly received. */
  get busy(): boolean {
    return this.state.at !== 'idle';
  }

  /**
   * Adds one PDV; returns the message it completes, if any. Throws
   * DimseProtocolError for fragments out of order (PS3.8 section 9.3.5.1: a
   * message's fragments share its presentation context; the command comes
   * first; PS3.7 6.3.1: no other message interleaves).
   */
  push(pdv: Pdv): DimseMessage | undefined {
    const state = this.state;
    if (pdv.command) {
      if (state.at === 'data')
        throw new DimseProtocolError(
          `command fragment on context ${pdv.contextId} while the data set of a message on context ${state.contextId} was expected`,
          ABORT_REASON.unexpectedPduParameter,
        );
      let current = state;
      if (current.at === 'idle') {
        current = { at: 'command', contextId: pdv.contextId, chunks: [], length: 0 };
        this.state = current;
      } else if (current.contextId !== pdv.contextId) {
        throw new DimseProtocolError(
          `command fragment on context ${pdv.contextId} inside a command on context ${current.contextId}`,
          ABORT_REASON.unexpectedPduParameter,
        );
      }
      current.chunks.push(...pdv.chunks);
      current.length += pdv.length;
      if (current.length > MAX_COMMAND_BYTES)
        throw new DimseProtocolError(`command set longer than ${MAX_COMMAND_BYTES} bytes`);
      if (!pdv.last) return undefined;
      const command = decodeCommandSet(concatChunks(current.chunks, current.length));
      if (command.hasDataSet) {
        this.state = { at: 'data', contextId: current.contextId, command, chunks: [], length: 0 };
        return undefined;
      }
      this.state = { at: 'idle' };
      return { contextId: current.contextId, command };
    }
    if (state.at !== 'data')
      throw new DimseProtocolError(
        `data set fragment on context ${pdv.contextId} with no command announcing it`,
        ABORT_REASON.unexpectedPduParameter,
      );
    if (state.contextId !== pdv.contextId)
      throw new DimseProtocolError(
        `data set fragment on context ${pdv.contextId} for a command on context ${state.contextId}`,
        ABORT_REASON.unexpectedPduParameter,
      );
    state.chunks.push(...pdv.chunks);
    state.length += pdv.length;
    if (!pdv.last) return undefined;
    this.state = { at: 'idle' };
    return {
      contextId: state.contextId,
      command: state.command,
      dataSet: { chunks: state.chunks, length: state.length },
    };
  }
}
