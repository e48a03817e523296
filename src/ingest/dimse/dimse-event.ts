/**
 * What the listener reports through `onEvent`, for logs and metrics. Every
 * association ends with exactly one of `association-released` or
 * `association-aborted`; a connection that never became an association ends
 * with `association-rejected` or `connection-closed`.
 */
export type DimseEvent =
  | {
      readonly type: 'association-opened';
      readonly associationId: number;
      readonly remoteAddress: string;
      readonly callingAeTitle: string;
      readonly calledAeTitle: string;
      /** Presentation contexts accepted / proposed. */
      readonly acceptedContexts: number;
      readonly proposedContexts: number;
    }
  | {
      readonly type: 'association-rejected';
      readonly associationId: number;
      readonly remoteAddress: string;
      readonly callingAeTitle: string;
      readonly calledAeTitle: string;
      readonly reason: string;
    }
  | {
      readonly type: 'association-released';
      readonly associationId: number;
      readonly remoteAddress: string;
      readonly storedCount: number;
    }
  | {
      readonly type: 'association-aborted';
      readonly associationId: number;
      readonly remoteAddress: string;
      /** `peer`: A-ABORT received or connection dropped; `local`: we aborted (protocol error, timeout, close()). */
      readonly by: 'peer' | 'local';
      readonly reason: string;
    }
  | {
      /** The connection closed before an association was negotiated (garbage, timeout, peer gone). */
      readonly type: 'connection-closed';
      readonly associationId: number;
      readonly remoteAddress: string;
      readonly reason: string;
    }
  | {
      readonly type: 'echo';
      readonly associationId: number;
      readonly callingAeTitle: string;
    }
  | {
      readonly type: 'store';
      readonly associationId: number;
      readonly callingAeTitle: string;
      readonly sopClassUid: string;
      readonly sopInstanceUid: string;
      readonly transferSyntaxUid: string;
      readonly datasetBytes: number;
      /** The C-STORE-RSP status sent. */
      readonly status: number;
      readonly errorComment?: string;
    }
  | {
      /** A peer broke the protocol, or a socket failed; the association is aborted or closed. */
      readonly type: 'protocol-error';
      readonly associationId: number;
      readonly remoteAddress: string;
      readonly message: string;
    };
