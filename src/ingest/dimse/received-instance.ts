/** One instance received by C-STORE (PS3.7 section 9.1.1), handed to the ingest pipeline. */
export interface ReceivedInstance {
  /**
   * A complete Part 10 file (PS3.10 section 7): preamble, `DICM`, File Meta
   * Information (MediaStorageSOPClassUID/InstanceUID from the C-STORE-RQ,
   * TransferSyntaxUID of the accepted presentation context, radset's
   * ImplementationClassUID/VersionName, SourceApplicationEntityTitle and
   * SendingApplicationEntityTitle = calling AE, ReceivingApplicationEntityTitle
   * = called AE), then the data set bytes exactly as received.
   */
  readonly part10: Uint8Array;
  /** AffectedSOPClassUID of the C-STORE-RQ (equal to the presentation context's abstract syntax). */
  readonly sopClassUid: string;
  /** AffectedSOPInstanceUID of the C-STORE-RQ. */
  readonly sopInstanceUid: string;
  /** The accepted transfer syntax of the presentation context the data set came on. */
  readonly transferSyntaxUid: string;
  readonly callingAeTitle: string;
  readonly calledAeTitle: string;
  /** The peer's IP address. */
  readonly remoteAddress: string;
}

/**
 * What the pipeline says about one received instance; answered as a
 * C-STORE-RSP status (see `storeStatus`).
 */
export type StoreOutcome =
  | { readonly status: 'stored' | 'duplicate' }
  | { readonly status: 'rejected'; readonly reason: string };
