/**
 * Why an association is aborted (PS3.8 section 9.3.8, Table 9-26: A-ABORT
 * PDU source 2, "DICOM UL service-provider", reason/diag values).
 */
export const ABORT_REASON = {
  notSpecified: 0,
  unrecognizedPdu: 1,
  unexpectedPdu: 2,
  unrecognizedPduParameter: 4,
  unexpectedPduParameter: 5,
  invalidPduParameterValue: 6,
} as const;

export type AbortReason = (typeof ABORT_REASON)[keyof typeof ABORT_REASON];

/**
 * A peer broke the Upper Layer or DIMSE protocol. Never leaves the listener:
 * the association that raised it is aborted (A-ABORT with `abortReason`) and
 * the error is reported through `onEvent`, so it is not in src/errors.ts.
 */
export class DimseProtocolError extends Error {
  override readonly name = 'DimseProtocolError';
  constructor(
    message: string,
    readonly abortReason: AbortReason = ABORT_REASON.invalidPduParameterValue,
  ) {
    super(message);
  }
}
