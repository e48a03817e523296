/**
 * Association negotiation as acceptor (PS3.8 sections 7.1, 9.3.2–9.3.4;
 * PS3.7 Annex D.3): decides A-ASSOCIATE-AC or -RJ for an A-ASSOCIATE-RQ.
 * Pure: no sockets, so it is unit-tested on its own.
 */
import {
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  IMPLICIT_VR_LITTLE_ENDIAN,
  lookupTransferSyntax,
} from '../../dicom/index.js';
import {
  DICOM_APPLICATION_CONTEXT,
  PRESENTATION_CONTEXT_RESULT,
  type AssociateAccept,
  type AssociateReject,
  type AssociateRequest,
  type PresentationContextAnswer,
} from './pdu.js';
import { isStorageSopClass, VERIFICATION_SOP_CLASS_UID } from './sop-classes.js';

export interface NegotiationPolicy {
  /** The called AE title this listener answers to. */
  readonly aeTitle: string;
  /** Calling AE titles let in; undefined lets in any. */
  readonly allowedCallingAeTitles: readonly string[] | undefined;
  /** Maximum P-DATA-TF length we announce (PS3.8 Annex D.1). */
  readonly maxPduLengthBytes: number;
  /** Already serving as many associations as allowed. */
  readonly atCapacity: boolean;
}

/** An accepted presentation context: what its messages are and how their data sets are encoded. */
export interface AcceptedContext {
  readonly id: number;
  readonly abstractSyntax: string;
  readonly transferSyntax: string;
}

export type Negotiation =
  | {
      readonly kind: 'accept';
      readonly accept: AssociateAccept;
      /** By presentation context ID. */
      readonly contexts: ReadonlyMap<number, AcceptedContext>;
    }
  | { readonly kind: 'reject'; readonly reject: AssociateReject; readonly reason: string };

/** A-ASSOCIATE-RJ result/source/reason values (PS3.8 Table 9-21). */
const REJECT = {
  protocolVersion: { result: 1, source: 2, reason: 2 },
  applicationContext: { result: 1, source: 1, reason: 2 },
  callingAeTitle: { result: 1, source: 1, reason: 3 },
  calledAeTitle: { result: 1, source: 1, reason: 7 },
  localLimitExceeded: { result: 2, source: 3, reason: 2 },
} as const satisfies Record<string, AssociateReject>;

/** The answer to one proposed presentation context. */
function answerContext(
  abstractSyntax: string,
  transferSyntaxes: readonly string[],
): { result: PresentationContextAnswer['result']; transferSyntax: string } {
  const fallback = transferSyntaxes[0] ?? IMPLICIT_VR_LITTLE_ENDIAN;
  if (abstractSyntax !== VERIFICATION_SOP_CLASS_UID && !isStorageSopClass(abstractSyntax))
    return {
      result: PRESENTATION_CONTEXT_RESULT.abstractSyntaxNotSupported,
      transferSyntax: fallback,
    };
  // The requestor's first choice that src/dicom can read: the data set is kept
  // as it arrives, never transcoded, so the requestor's preference wins.
  const chosen = transferSyntaxes.find((uid) => lookupTransferSyntax(uid) !== undefined);
  if (chosen === undefined)
    return {
      result: PRESENTATION_CONTEXT_RESULT.transferSyntaxesNotSupported,
      transferSyntax: fallback,
    };
  return { result: PRESENTATION_CONTEXT_RESULT.acceptance, transferSyntax: chosen };
}

/** Decides how to answer an A-ASSOCIATE-RQ. */
export function negotiateAssociation(rq: AssociateRequest, policy: NegotiationPolicy): Negotiation {
  const reject = (answer: AssociateReject, reason: string): Negotiation => ({
    kind: 'reject',
    reject: answer,
    reason,
  });
  // Bit 0 of the protocol version is version 1, the only one (PS3.8 Table 9-11).
  if ((rq.protocolVersion & 1) === 0)
    return reject(REJECT.protocolVersion, `protocol version ${rq.protocolVersion} not supported`);
  if (rq.applicationContextName !== DICOM_APPLICATION_CONTEXT)
    return reject(
      REJECT.applicationContext,
      `application context ${rq.applicationContextName} not supported`,
    );
  if (rq.calledAeTitle !== policy.aeTitle)
    return reject(
      REJECT.calledAeTitle,
      `called AE title '${rq.calledAeTitle}' not recognized (this is '${policy.aeTitle}')`,
    );
  if (
    policy.allowedCallingAeTitles !== undefined &&
    !policy.allowedCallingAeTitles.includes(rq.callingAeTitle)
  )
    return reject(REJECT.callingAeTitle, `calling AE title '${rq.callingAeTitle}' not recognized`);
  if (policy.atCapacity)
    return reject(REJECT.localLimitExceeded, 'too many associations at once (try again later)');

  const contexts = new Map<number, AcceptedContext>();
  const answers: PresentationContextAnswer[] = [];
  const seen = new Set<number>();
  for (const pc of rq.presentationContexts) {
    if (seen.has(pc.id)) {
      // IDs name contexts (PS3.8 9.3.2.2): a repeated one is answered once, for its first proposal.
      continue;
    }
    seen.add(pc.id);
    const answer = answerContext(pc.abstractSyntax, pc.transferSyntaxes);
    answers.push({ id: pc.id, ...answer });
    if (answer.result === PRESENTATION_CONTEXT_RESULT.acceptance)
      contexts.set(pc.id, {
        id: pc.id,
        abstractSyntax: pc.abstractSyntax,
        transferSyntax: answer.transferSyntax,
      });
  }
  const requested = rq.userInformation;
  return {
    kind: 'accept',
    contexts,
    accept: {
      calledAeTitle: rq.calledAeTitle,
      callingAeTitle: rq.callingAeTitle,
      applicationContextName: DICOM_APPLICATION_CONTEXT,
      presentationContexts: answers,
      userInformation: {
        maxPduLengthBytes: policy.maxPduLengthBytes,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        // Operations are performed one at a time (PS3.7 D.3.3.3): answer a
        // proposed window with 1/1. Role selection is not answered, which
        // keeps the default roles (requestor SCU, acceptor SCP; PS3.7 D.3.3.4).
        ...(requested.asyncOperationsWindow === undefined
          ? {}
          : { asyncOperationsWindow: { maxInvoked: 1, maxPerformed: 1 } }),
      },
    },
  };
}
