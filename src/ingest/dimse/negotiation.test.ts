import { describe, expect, it } from 'vitest';
import { IMPLEMENTATION_CLASS_UID } from '../../dicom/index.js';
import { DIMSE_STATUS, errorComment, storeStatus } from './dimse-status.js';
import { negotiateAssociation, type NegotiationPolicy } from './negotiation.js';
import type { AssociateRequest } from './pdu.js';
import { isStorageSopClass } from './sop-classes.js';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const IMPLICIT = '1.2.840.10008.1.2';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

const POLICY: NegotiationPolicy = {
  aeTitle: 'RADSET',
  allowedCallingAeTitles: undefined,
  maxPduLengthBytes: 262144,
  atCapacity: false,
};

function request(overrides: Partial<AssociateRequest> = {}): AssociateRequest {
  return {
    protocolVersion: 1,
    calledAeTitle: 'RADSET',
    callingAeTitle: 'MODALITY',
    applicationContextName: '1.2.840.10008.3.1.1.1',
    presentationContexts: [
      { id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [IMPLICIT] },
      // Unknown syntax first: the first one src/dicom reads wins.
      { id: 3, abstractSyntax: CT, transferSyntaxes: ['1.2.3.4.5', JPEG_BASELINE, EXPLICIT] },
      { id: 5, abstractSyntax: CT, transferSyntaxes: ['1.2.3.4.5'] },
      // Patient Root Query/Retrieve FIND: not a storage class.
      { id: 7, abstractSyntax: '1.2.840.10008.5.1.4.1.2.1.1', transferSyntaxes: [IMPLICIT] },
      // Storage Commitment: has "Storage" in its name, is not Storage.
      { id: 9, abstractSyntax: '1.2.840.10008.1.20.1', transferSyntaxes: [IMPLICIT] },
    ],
    userInformation: { maxPduLengthBytes: 16384 },
    ...overrides,
  };
}

describe('negotiateAssociation (PS3.8 9.3.2–9.3.4, PS3.7 D.3)', () => {
  it('accepts Verification and Storage contexts with the first readable transfer syntax', () => {
    const result = negotiateAssociation(request(), POLICY);
    expect(result.kind).toBe('accept');
    if (result.kind !== 'accept') return;
    expect(result.accept.presentationContexts.map((pc) => [pc.id, pc.result])).toEqual([
      [1, 0],
      [3, 0],
      [5, 4], // transfer syntaxes not supported
      [7, 3], // abstract syntax not supported
      [9, 3],
    ]);
    expect(result.accept.presentationContexts[1]?.transferSyntax).toBe(JPEG_BASELINE);
    expect([...result.contexts.values()]).toEqual([
      { id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntax: IMPLICIT },
      { id: 3, abstractSyntax: CT, transferSyntax: JPEG_BASELINE },
    ]);
    expect(result.accept.userInformation).toEqual({
      maxPduLengthBytes: 262144,
      implementationClassUid: IMPLEMENTATION_CLASS_UID,
      implementationVersionName: 'RADSET_0_1',
    });
    expect(result.accept.calledAeTitle).toBe('RADSET');
    expect(result.accept.callingAeTitle).toBe('MODALITY');
  });

  it('answers a proposed asynchronous operations window with 1/1', () => {
    const result = negotiateAssociation(
      request({
        userInformation: {
          maxPduLengthBytes: 0,
          asyncOperationsWindow: { maxInvoked: 8, maxPerformed: 8 },
        },
      }),
      POLICY,
    );
    expect(result.kind === 'accept' && result.accept.userInformation.asyncOperationsWindow).toEqual(
      { maxInvoked: 1, maxPerformed: 1 },
    );
  });

  it('rejects with the PS3.8 Table 9-21 result/source/reason', () => {
    const rejectOf = (rq: AssociateRequest, policy: NegotiationPolicy = POLICY): unknown => {
      const result = negotiateAssociation(rq, policy);
      return result.kind === 'reject' ? result.reject : 'accepted';
    };
    expect(rejectOf(request({ calledAeTitle: 'OTHER' }))).toEqual({
      result: 1,
      source: 1,
      reason: 7,
    });
    expect(rejectOf(request(), { ...POLICY, allowedCallingAeTitles: ['CT1', 'CT2'] })).toEqual({
      result: 1,
      source: 1,
      reason: 3,
    });
    expect(
      rejectOf(request({ callingAeTitle: 'CT2' }), { ...POLICY, allowedCallingAeTitles: ['CT2'] }),
    ).toBe('accepted');
    expect(rejectOf(request({ applicationContextName: '1.2.3' }))).toEqual({
      result: 1,
      source: 1,
      reason: 2,
    });
    expect(rejectOf(request({ protocolVersion: 2 }))).toEqual({ result: 1, source: 2, reason: 2 });
    expect(rejectOf(request(), { ...POLICY, atCapacity: true })).toEqual({
      result: 2,
      source: 3,
      reason: 2,
    });
  });
});

describe('isStorageSopClass', () => {
  it('knows Storage classes by the registry, and private ones by their root', () => {
    expect(isStorageSopClass(CT)).toBe(true);
    expect(isStorageSopClass('1.2.840.10008.5.1.4.1.1.88.22')).toBe(true); // Enhanced SR
    expect(isStorageSopClass('1.2.840.10008.5.1.4.38.1')).toBe(true); // Hanging Protocol Storage
    expect(isStorageSopClass('1.2.840.10008.5.1.4.1.1.9999')).toBe(true); // newer than the table
    expect(isStorageSopClass('1.3.12.2.1107.5.9.1')).toBe(true); // Siemens CSA Non-Image
    expect(isStorageSopClass('1.2.840.10008.1.1')).toBe(false);
    expect(isStorageSopClass('1.2.840.10008.5.1.4.1.2.2.1')).toBe(false); // Study Root FIND
    expect(isStorageSopClass('1.2.840.10008.5.1.4.1.1.200.4')).toBe(false); // Protocol Approval FIND
    expect(isStorageSopClass('1.2.840.10008.1.20.1')).toBe(false); // Storage Commitment
    expect(isStorageSopClass('1.2.840.10008.1.2.1')).toBe(false); // a transfer syntax
    expect(isStorageSopClass('1.2.840.10008.9.9.9')).toBe(false); // unknown DICOM-root UID
    expect(isStorageSopClass('')).toBe(false);
  });
});

describe('storeStatus (PS3.4 B.2.3)', () => {
  it('maps pipeline outcomes to C-STORE-RSP statuses', () => {
    expect(storeStatus({ status: 'stored' })).toEqual({ status: 0x0000 });
    expect(storeStatus({ status: 'duplicate' })).toEqual({ status: 0x0000 });
    expect(storeStatus({ status: 'rejected', reason: 'no pixel data' })).toEqual({
      status: DIMSE_STATUS.cannotUnderstand,
      errorComment: 'no pixel data',
    });
  });

  it('fits ErrorComment into LO', () => {
    expect(errorComment('a\\b\nc')).toBe('a b c');
    const long = errorComment('x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long.endsWith('...')).toBe(true);
  });
});
