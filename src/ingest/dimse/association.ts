/**
 * One TCP connection of the listener, as DICOM Upper Layer acceptor (PS3.8
 * section 9.2 state machine, acceptor side) and DIMSE C-ECHO/C-STORE SCP
 * (PS3.7 sections 9.1.1, 9.1.5, 9.3.1, 9.3.5).
 *
 * Bytes → PduReader (PDUs, PDVs as views) → MessageAssembler (DIMSE
 * messages) → a serial task chain, so the stores of one association are
 * handed to the pipeline, and answered, in the order they arrived; other
 * associations run in parallel. Anything the peer gets wrong aborts this
 * association only, and is reported through onEvent.
 */
import type { Socket } from 'node:net';
import { wrapPart10 } from '../../dicom/index.js';
import {
  COMMAND_FIELD,
  COMMAND_TAG,
  encodeCommandSet,
  NO_DATA_SET,
  type CommandElement,
  type CommandSet,
} from './command-set.js';
import type { DimseEvent } from './dimse-event.js';
import { DIMSE_STATUS, errorComment, storeStatus, type StoreStatus } from './dimse-status.js';
import { MessageAssembler, type DimseMessage } from './message-assembler.js';
import {
  negotiateAssociation,
  type AcceptedContext,
  type NegotiationPolicy,
} from './negotiation.js';
import {
  decodeAbort,
  decodeAssociateRequest,
  encodeAbort,
  encodeAssociateAccept,
  encodeAssociateReject,
  encodeReleaseResponse,
  fragmentMessage,
  PDU_TYPE,
} from './pdu.js';
import { PduReader, type PduReaderOutput } from './pdu-reader.js';
import { ABORT_REASON, DimseProtocolError, type AbortReason } from './protocol-error.js';
import type { ReceivedInstance, StoreOutcome } from './received-instance.js';

/** What an association needs from its listener. */
export interface AssociationHost {
  readonly aeTitle: string;
  readonly allowedCallingAeTitles: readonly string[] | undefined;
  readonly maxPduLengthBytes: number;
  readonly maxDataPduBytes: number;
  readonly idleTimeoutMs: number;
  readonly onStore: (instance: ReceivedInstance) => Promise<StoreOutcome>;
  emit(event: DimseEvent): void;
  /** Takes an association slot; false when all are taken (maxAssociations). */
  reserveSlot(): boolean;
  releaseSlot(): void;
  /** Registers pipeline work still running, so the listener's close() can wait for it. */
  track(work: Promise<unknown>): void;
  /** The connection is gone. */
  closed(association: Association): void;
}

/** A-ASSOCIATE-RQ is tens of KiB at most (128 contexts); 1 MiB is lenient. */
const MAX_CONTROL_PDU_BYTES = 1024 * 1024;
/** Complete messages waiting behind the one in progress before the socket is paused. */
const MAX_QUEUED_MESSAGES = 1;

type Phase =
  /** Transport open, awaiting A-ASSOCIATE-RQ (PS3.8 Sta2). */
  | 'awaiting-request'
  /** Association established (Sta6). */
  | 'established'
  /** A-RELEASE-RP, A-ASSOCIATE-RJ or A-ABORT sent; waiting for the peer to close (Sta13). */
  | 'closing'
  | 'closed';

export class Association {
  private phase: Phase = 'awaiting-request';
  private readonly reader: PduReader;
  private readonly assembler = new MessageAssembler();
  private contexts: ReadonlyMap<number, AcceptedContext> = new Map();
  private peerMaxPduBytes = 0;
  private callingAeTitle = '';
  private calledAeTitle = '';
  private holdsSlot = false;
  private releaseRequested = false;
  private ended = false;
  private storedCount = 0;
  /** Tasks queued or running on the serial chain. */
  private pendingTasks = 0;
  private chain: Promise<void> = Promise.resolve();
  readonly remoteAddress: string;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly host: AssociationHost,
  ) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.reader = new PduReader(
      { maxDataPduBytes: host.maxDataPduBytes, maxControlPduBytes: MAX_CONTROL_PDU_BYTES },
      (item) => this.onReaderOutput(item),
    );
    socket.setNoDelay(true);
    // PS3.8 ARTIM for the A-ASSOCIATE-RQ, and the idle limit afterwards.
    socket.setTimeout(host.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => this.onTimeout());
    socket.on('end', () => this.onPeerEnd());
    socket.on('error', (error) => this.onSocketError(error));
    socket.on('close', () => this.onClose());
  }

  /** Aborts the association (listener closing). */
  shutdown(): void {
    if (this.phase === 'closed') return;
    if (this.phase === 'established' || this.phase === 'awaiting-request')
      this.abort('listener closing', ABORT_REASON.notSpecified);
    this.socket.destroy();
  }

  // ------------------------------------------------------------ input

  private onData(chunk: Buffer): void {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    try {
      this.reader.push(chunk);
    } catch (error) {
      this.protocolError(error);
    }
  }

  private onReaderOutput(item: PduReaderOutput): void {
    if (this.phase === 'awaiting-request') {
      if (item.kind === 'pdu' && item.type === PDU_TYPE.associateRq) {
        this.onAssociateRequest(item.body);
        return;
      }
      if (item.kind === 'pdu' && item.type === PDU_TYPE.abort) {
        this.finish('peer', 'A-ABORT before the association was negotiated');
        this.phase = 'closing';
        this.socket.end();
        return;
      }
      throw new DimseProtocolError(
        `expected A-ASSOCIATE-RQ, got ${describeItem(item)}`,
        ABORT_REASON.unexpectedPdu,
      );
    }
    if (this.phase !== 'established') return;
    if (item.kind === 'pdv') {
      if (this.releaseRequested)
        throw new DimseProtocolError('P-DATA-TF after A-RELEASE-RQ', ABORT_REASON.unexpectedPdu);
      if (!this.contexts.has(item.contextId))
        throw new DimseProtocolError(
          `P-DATA-TF on presentation context ${item.contextId}, which was not accepted`,
          ABORT_REASON.invalidPduParameterValue,
        );
      const message = this.assembler.push(item);
      if (message !== undefined) this.enqueue(() => this.onMessage(message));
      return;
    }
    switch (item.type) {
      case PDU_TYPE.releaseRq:
        if (this.assembler.busy)
          throw new DimseProtocolError(
            'A-RELEASE-RQ in the middle of a message',
            ABORT_REASON.unexpectedPdu,
          );
        this.releaseRequested = true;
        this.enqueue(async () => this.onReleaseRequest());
        return;
      case PDU_TYPE.abort: {
        const abort = decodeAbort(item.body);
        this.finish(
          'peer',
          `A-ABORT from the peer (source ${abort.source}, reason ${abort.reason})`,
        );
        this.phase = 'closed';
        this.socket.destroy();
        return;
      }
      default:
        throw new DimseProtocolError(
          `unexpected ${describeItem(item)} on an established association`,
          ABORT_REASON.unexpectedPdu,
        );
    }
  }

  private onAssociateRequest(body: Uint8Array): void {
    const rq = decodeAssociateRequest(body);
    this.callingAeTitle = rq.callingAeTitle;
    this.calledAeTitle = rq.calledAeTitle;
    const policy: NegotiationPolicy = {
      aeTitle: this.host.aeTitle,
      allowedCallingAeTitles: this.host.allowedCallingAeTitles,
      maxPduLengthBytes: this.host.maxPduLengthBytes,
      atCapacity: false,
    };
    let negotiation = negotiateAssociation(rq, policy);
    if (negotiation.kind === 'accept') {
      this.holdsSlot = this.host.reserveSlot();
      if (!this.holdsSlot) negotiation = negotiateAssociation(rq, { ...policy, atCapacity: true });
    }
    if (negotiation.kind === 'reject') {
      this.write(encodeAssociateReject(negotiation.reject));
      this.emitTerminal({
        type: 'association-rejected',
        associationId: this.id,
        remoteAddress: this.remoteAddress,
        callingAeTitle: rq.callingAeTitle,
        calledAeTitle: rq.calledAeTitle,
        reason: negotiation.reason,
      });
      this.phase = 'closing';
      this.socket.end();
      return;
    }
    this.contexts = negotiation.contexts;
    this.peerMaxPduBytes = rq.userInformation.maxPduLengthBytes;
    this.phase = 'established';
    this.write(encodeAssociateAccept(negotiation.accept));
    this.host.emit({
      type: 'association-opened',
      associationId: this.id,
      remoteAddress: this.remoteAddress,
      callingAeTitle: rq.callingAeTitle,
      calledAeTitle: rq.calledAeTitle,
      acceptedContexts: negotiation.contexts.size,
      proposedContexts: rq.presentationContexts.length,
    });
  }

  // ------------------------------------------------------------ serial work

  /** Runs `task` after every earlier one; pauses reading while messages pile up. */
  private enqueue(task: () => Promise<void>): void {
    this.pendingTasks += 1;
    if (this.pendingTasks > 1 + MAX_QUEUED_MESSAGES) this.socket.pause();
    // Messages that arrived whole are processed even if the connection has
    // since dropped: the pipeline gets every complete instance (the peer,
    // having no answer, may send it again: a duplicate, which is harmless).
    this.chain = this.chain
      .then(task)
      .catch((error: unknown) => this.protocolError(error))
      .finally(() => {
        this.pendingTasks -= 1;
        if (this.pendingTasks <= 1 + MAX_QUEUED_MESSAGES && this.socket.isPaused())
          this.socket.resume();
      });
  }

  private async onMessage(message: DimseMessage): Promise<void> {
    const context = this.contexts.get(message.contextId) as AcceptedContext;
    const { command } = message;
    const field = command.commandField;
    if (field === COMMAND_FIELD.cEchoRq) {
      this.respond(context, command, COMMAND_FIELD.cEchoRsp, { status: DIMSE_STATUS.success });
      this.host.emit({ type: 'echo', associationId: this.id, callingAeTitle: this.callingAeTitle });
      return;
    }
    if (field === COMMAND_FIELD.cStoreRq) {
      await this.onStore(context, command, message.dataSet);
      return;
    }
    if (field === COMMAND_FIELD.cCancelRq) return; // Nothing here is cancellable (PS3.7 9.3.2.3).
    if (field === undefined || (field & 0x8000) !== 0)
      throw new DimseProtocolError(
        `unexpected DIMSE command field ${field === undefined ? '(none)' : `0x${field.toString(16)}`}`,
        ABORT_REASON.unexpectedPduParameter,
      );
    // Another DIMSE request (C-FIND, N-…): not a service of this SCP (PS3.7 Annex C).
    this.respond(context, command, field | 0x8000, {
      status: DIMSE_STATUS.unrecognizedOperation,
      errorComment: `DIMSE command 0x${field.toString(16).padStart(4, '0')} not supported`,
    });
  }

  /** C-STORE (PS3.7 section 9.1.1): hand the instance to the pipeline, answer with its outcome. */
  private async onStore(
    context: AcceptedContext,
    command: CommandSet,
    dataSet: DimseMessage['dataSet'],
  ): Promise<void> {
    const sopClassUid = command.string(COMMAND_TAG.AffectedSOPClassUID) ?? '';
    const sopInstanceUid = command.string(COMMAND_TAG.AffectedSOPInstanceUID) ?? '';
    const answer = async (): Promise<StoreStatus> => {
      if (dataSet === undefined)
        return {
          status: DIMSE_STATUS.cannotUnderstand,
          errorComment: 'C-STORE-RQ without a data set',
        };
      // The command's SOP class must be the context's abstract syntax (PS3.7 9.1.1.1.2).
      if (sopClassUid !== context.abstractSyntax)
        return {
          status: DIMSE_STATUS.sopClassNotSupported,
          errorComment: errorComment(
            `SOP class ${sopClassUid} sent on a context for ${context.abstractSyntax}`,
          ),
        };
      if (sopInstanceUid === '')
        return {
          status: DIMSE_STATUS.cannotUnderstand,
          errorComment: 'C-STORE-RQ without AffectedSOPInstanceUID',
        };
      let instance: ReceivedInstance;
      try {
        instance = {
          part10: wrapPart10({
            datasetBytes: dataSet.chunks,
            sopClassUid,
            sopInstanceUid,
            transferSyntaxUid: context.transferSyntax,
            sourceApplicationEntityTitle: this.callingAeTitle,
            sendingApplicationEntityTitle: this.callingAeTitle,
            receivingApplicationEntityTitle: this.calledAeTitle,
          }),
          sopClassUid,
          sopInstanceUid,
          transferSyntaxUid: context.transferSyntax,
          callingAeTitle: this.callingAeTitle,
          calledAeTitle: this.calledAeTitle,
          remoteAddress: this.remoteAddress,
        };
      } catch (error) {
        return {
          status: DIMSE_STATUS.cannotUnderstand,
          errorComment: errorComment(messageOf(error)),
        };
      }
      const work = this.callOnStore(instance);
      this.host.track(work);
      return work;
    };
    const result = await answer();
    if (result.status === DIMSE_STATUS.success) this.storedCount += 1;
    this.respond(context, command, COMMAND_FIELD.cStoreRsp, result, sopInstanceUid);
    this.host.emit({
      type: 'store',
      associationId: this.id,
      callingAeTitle: this.callingAeTitle,
      sopClassUid,
      sopInstanceUid,
      transferSyntaxUid: context.transferSyntax,
      datasetBytes: dataSet?.length ?? 0,
      status: result.status,
      ...(result.errorComment === undefined ? {} : { errorComment: result.errorComment }),
    });
  }

  /** onStore never crashes the listener: a throw or a malformed outcome is a failure status. */
  private async callOnStore(instance: ReceivedInstance): Promise<StoreStatus> {
    try {
      const outcome: unknown = await this.host.onStore(instance);
      if (
        typeof outcome === 'object' &&
        outcome !== null &&
        'status' in outcome &&
        (outcome.status === 'stored' || outcome.status === 'duplicate')
      )
        return storeStatus({ status: outcome.status });
      if (
        typeof outcome === 'object' &&
        outcome !== null &&
        'status' in outcome &&
        outcome.status === 'rejected'
      )
        return storeStatus({
          status: 'rejected',
          reason: 'reason' in outcome ? String(outcome.reason) : 'rejected',
        });
      return {
        status: DIMSE_STATUS.processingFailure,
        errorComment: 'onStore returned no valid outcome',
      };
    } catch (error) {
      return {
        status: DIMSE_STATUS.processingFailure,
        errorComment: errorComment(messageOf(error) || 'onStore failed'),
      };
    }
  }

  /** Sends a response command (PS3.7 9.3.1.2 C-STORE-RSP, 9.3.5.2 C-ECHO-RSP). */
  private respond(
    context: AcceptedContext,
    request: CommandSet,
    responseField: number,
    result: StoreStatus,
    sopInstanceUid?: string,
  ): void {
    const elements: CommandElement[] = [
      { tag: COMMAND_TAG.CommandField, vr: 'US', value: responseField },
      {
        tag: COMMAND_TAG.MessageIDBeingRespondedTo,
        vr: 'US',
        value: request.us(COMMAND_TAG.MessageID) ?? 0,
      },
      { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: NO_DATA_SET },
      { tag: COMMAND_TAG.Status, vr: 'US', value: result.status },
    ];
    const sopClassUid = request.string(COMMAND_TAG.AffectedSOPClassUID);
    if (sopClassUid !== undefined)
      elements.push({ tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: sopClassUid });
    if (sopInstanceUid !== undefined && sopInstanceUid !== '')
      elements.push({ tag: COMMAND_TAG.AffectedSOPInstanceUID, vr: 'UI', value: sopInstanceUid });
    if (result.errorComment !== undefined && result.errorComment !== '')
      elements.push({ tag: COMMAND_TAG.ErrorComment, vr: 'LO', value: result.errorComment });
    const pdus = fragmentMessage(
      context.id,
      true,
      encodeCommandSet(elements),
      this.peerMaxPduBytes,
    );
    for (const pdu of pdus) this.write(pdu);
  }

  private async onReleaseRequest(): Promise<void> {
    if (this.phase !== 'established') return;
    this.write(encodeReleaseResponse());
    this.emitTerminal({
      type: 'association-released',
      associationId: this.id,
      remoteAddress: this.remoteAddress,
      storedCount: this.storedCount,
    });
    // The requestor closes the transport on A-RELEASE-RP (PS3.8 9.2, AR-4);
    // ending our side as well frees the socket when it does not.
    this.phase = 'closing';
    this.socket.end();
  }

  // ------------------------------------------------------------ endings

  private write(bytes: Uint8Array): void {
    if (this.socket.writable) this.socket.write(bytes);
  }

  /** Sends A-ABORT (PS3.8 9.3.8) and ends the connection. */
  private abort(reason: string, abortReason: AbortReason): void {
    this.write(encodeAbort({ source: 2, reason: abortReason }));
    this.finish('local', reason);
    this.phase = 'closing';
    this.socket.end();
  }

  private protocolError(error: unknown): void {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    const message = messageOf(error);
    this.host.emit({
      type: 'protocol-error',
      associationId: this.id,
      remoteAddress: this.remoteAddress,
      message,
    });
    const reason =
      error instanceof DimseProtocolError ? error.abortReason : ABORT_REASON.notSpecified;
    this.abort(message, reason);
  }

  private onTimeout(): void {
    if (this.phase === 'established' && this.pendingTasks > 0) {
      // The pipeline is working on a store: the peer is waiting for us, not idle.
      this.socket.setTimeout(this.host.idleTimeoutMs);
      return;
    }
    if (this.phase === 'established')
      this.abort(`idle for ${this.host.idleTimeoutMs / 1000} s`, ABORT_REASON.notSpecified);
    else if (this.phase === 'awaiting-request')
      this.finish('local', `no A-ASSOCIATE-RQ within ${this.host.idleTimeoutMs / 1000} s`);
    this.phase = 'closed';
    this.socket.destroy();
  }

  private onPeerEnd(): void {
    if (this.phase === 'established')
      this.finish(
        'peer',
        this.reader.idle
          ? 'connection closed by the peer without A-RELEASE'
          : 'connection closed by the peer in the middle of a PDU',
      );
    else if (this.phase === 'awaiting-request')
      this.finish('peer', 'connection closed before an A-ASSOCIATE-RQ');
  }

  private onSocketError(error: Error): void {
    if (this.phase === 'established' || this.phase === 'awaiting-request')
      this.finish('peer', `socket error: ${error.message}`);
    this.phase = 'closed';
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.phase === 'established' || this.phase === 'awaiting-request')
      this.finish('peer', 'connection closed');
    this.phase = 'closed';
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.host.releaseSlot();
    }
    this.host.closed(this);
  }

  /** Reports how the connection ended: aborted if it was an association, else closed. */
  private finish(by: 'peer' | 'local', reason: string): void {
    if (this.phase === 'established')
      this.emitTerminal({
        type: 'association-aborted',
        associationId: this.id,
        remoteAddress: this.remoteAddress,
        by,
        reason,
      });
    else
      this.emitTerminal({
        type: 'connection-closed',
        associationId: this.id,
        remoteAddress: this.remoteAddress,
        reason,
      });
  }

  /** Emits the one event that says how this connection ended. */
  private emitTerminal(event: DimseEvent): void {
    if (this.ended) return;
    this.ended = true;
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.host.releaseSlot();
    }
    this.host.emit(event);
  }
}

function describeItem(item: PduReaderOutput): string {
  if (item.kind === 'pdv') return 'P-DATA-TF';
  const names: Record<number, string> = {
    [PDU_TYPE.associateRq]: 'A-ASSOCIATE-RQ',
    [PDU_TYPE.associateAc]: 'A-ASSOCIATE-AC',
    [PDU_TYPE.associateRj]: 'A-ASSOCIATE-RJ',
    [PDU_TYPE.releaseRq]: 'A-RELEASE-RQ',
    [PDU_TYPE.releaseRp]: 'A-RELEASE-RP',
    [PDU_TYPE.abort]: 'A-ABORT',
  };
  return names[item.type] ?? `PDU type ${item.type}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
