/**
 * DIMSE status codes the listener answers with (PS3.7 Annex C; Storage
 * statuses: PS3.4 section B.2.3).
 */
import type { StoreOutcome } from './received-instance.js';

export const DIMSE_STATUS = {
  /** Success (PS3.7 Annex C). Also the answer to a duplicate: see {@link storeStatus}. */
  success: 0x0000,
  /** Refused: SOP Class not supported (PS3.7 Annex C.5); here: the command's SOP class is not its context's. */
  sopClassNotSupported: 0x0122,
  /** Unrecognized Operation (PS3.7 Annex C.5): a DIMSE service other than C-ECHO/C-STORE. */
  unrecognizedOperation: 0x0211,
  /** Error: Cannot understand (PS3.4 B.2.3, C000–CFFF): the pipeline rejected the instance. */
  cannotUnderstand: 0xc000,
  /**
   * Also in the Cannot-understand range (PS3.4 B.2.3): the pipeline failed
   * (onStore threw). The value is pynetdicom's for "unhandled exception in
   * the C-STORE handler", so both SCPs read the same to an operator.
   */
  processingFailure: 0xc211,
} as const;

/** A C-STORE-RSP status and, for failures, its ErrorComment. */
export interface StoreStatus {
  readonly status: number;
  readonly errorComment?: string;
}

/**
 * The C-STORE-RSP status for a pipeline outcome (PS3.4 B.2.3).
 * - stored → 0000 Success.
 * - duplicate → 0000 Success too. Storage has no "duplicate" status: B007 is
 *   "Data Set does not match SOP Class", B000 "Coercion of Data Elements",
 *   neither true here; and a warning makes many modalities flag the send or
 *   queue it for retry, when the instance is in fact safely held.
 * - rejected → C000 "Cannot understand" with the reason as ErrorComment. Not
 *   A900: that asserts the data set does not match its SOP class, which the
 *   pipeline's reasons (quarantine rules, policy) do not generally mean.
 */
export function storeStatus(outcome: StoreOutcome): StoreStatus {
  if (outcome.status === 'rejected')
    return { status: DIMSE_STATUS.cannotUnderstand, errorComment: errorComment(outcome.reason) };
  return { status: DIMSE_STATUS.success };
}

/** ErrorComment is LO: at most 64 characters, no backslash or control characters (PS3.5 Table 6.2-1). */
export function errorComment(message: string): string {
  const flat = message.replace(/[\\\x00-\x1f\x7f-\uffff]/g, ' ').trim();
  return flat.length <= 64 ? flat : `${flat.slice(0, 61)}...`;
}
