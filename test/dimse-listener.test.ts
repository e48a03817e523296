/**
 * The C-STORE SCP against real peers: dcmtk's echoscu/storescu and Orthanc
 * send to it; a small hand-driven SCU (PDUs from src/ingest/dimse/pdu.ts)
 * covers what real peers never do (garbage, pipelining, odd commands).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDifferences, parsePart10, type DicomFile } from '../src/dicom/index.js';
import {
  startDimseListener,
  type DimseEvent,
  type DimseListener,
  type DimseListenerOptions,
  type ReceivedInstance,
  type StoreOutcome,
} from '../src/ingest/dimse/index.js';
import {
  COMMAND_FIELD,
  COMMAND_TAG,
  decodeCommandSet,
  encodeCommandSet,
  NO_DATA_SET,
  type CommandElement,
  type CommandSet,
} from '../src/ingest/dimse/command-set.js';
import {
  decodeAssociateAccept,
  decodeAssociateReject,
  encodeAssociateRequest,
  encodePDataTf,
  encodeReleaseRequest,
  PDU_TYPE,
  type AssociateAccept,
  type PresentationContextProposal,
} from '../src/ingest/dimse/pdu.js';
import { corpusPath, requireCorpus } from './support/corpus.js';
import { ORTHANC, startOrthanc } from './support/orthanc.js';
import { requirePeer } from './support/peers.js';

const AE = 'RADSET';
const VERIFICATION = '1.2.840.10008.1.1';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const HTJ2K_LOSSLESS = '1.2.840.10008.1.2.4.201';

/**
 * Corpus files storescu sends: every transfer syntax dcmtk 3.6.7 knows, over
 * several SOP classes (CT, MR, SC, RT Dose, SR, SEG, PET, Enhanced CT, US).
 */
const STORE_FILES = [
  'syntaxes/implicit_vr_le/MR_small_implicit.dcm',
  'syntaxes/implicit_vr_le/CT1_UNC.implicit_little_endian.dcm',
  'modalities/rt/rtdose_1frame.dcm',
  'syntaxes/explicit_vr_le/CT_small.dcm',
  'syntaxes/explicit_vr_le/SC_rgb_2frame.dcm',
  'syntaxes/explicit_vr_be/MR_small_bigendian.dcm',
  'syntaxes/explicit_vr_be/rtdose_expb_1frame.dcm',
  'syntaxes/deflated_explicit_vr_le/image_dfl.dcm',
  'syntaxes/deflated_explicit_vr_le/report_dfl',
  'syntaxes/jpeg_baseline_p1/SC_rgb_dcmtk_+eb+cy+n2.dcm',
  'syntaxes/jpeg_extended_p2_4/JPGExtended.dcm',
  'syntaxes/jpeg_spectral_selection_p6_8_retired/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm',
  'syntaxes/jpeg_lossless_p14/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm',
  'syntaxes/jpeg_lossless_p14_sv1/SC_rgb_jpeg_gdcm.dcm',
  'modalities/pt/GH184.dcm',
  'syntaxes/jpegls_lossless/JLSL_08_07_0_1F.dcm',
  'syntaxes/jpegls_near_lossless/JPEGLSNearLossless_16.dcm',
  'syntaxes/jpeg2000_lossless/MR_small_jp2klossless.dcm',
  'syntaxes/jpeg2000_lossless/liver_j2k.dcm',
  'syntaxes/jpeg2000/JPEG2000.dcm',
  'syntaxes/jpeg2000/CT1_J2KI',
  'syntaxes/rle_lossless/SC_rgb_rle.dcm',
  'syntaxes/rle_lossless/MR_small_RLE.dcm',
];

// ---------------------------------------------------------------- helpers

interface PeerRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a peer without blocking the event loop (the listener runs in this process). */
function runPeer(command: string, args: readonly string[]): Promise<PeerRun> {
  return new Promise((resolve, reject) => {
    // storescu is ~13× slower without TCP_NODELAY (STACK.md).
    const child = spawn(command, args, { env: { ...process.env, TCP_NODELAY: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function echoscu(port: number, calledAe = AE): Promise<PeerRun> {
  return runPeer('echoscu', ['-aec', calledAe, '127.0.0.1', String(port)]);
}

interface Harness {
  readonly listener: DimseListener;
  readonly received: ReceivedInstance[];
  readonly events: DimseEvent[];
}

async function startHarness(
  options: Partial<DimseListenerOptions> = {},
  onStore: (instance: ReceivedInstance) => Promise<StoreOutcome> = async () => ({
    status: 'stored',
  }),
): Promise<Harness> {
  const received: ReceivedInstance[] = [];
  const events: DimseEvent[] = [];
  const listener = await startDimseListener({
    aeTitle: AE,
    port: 0,
    host: '127.0.0.1',
    onStore: async (instance) => {
      received.push(instance);
      return onStore(instance);
    },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { listener, received, events };
}

function readCorpusFile(relative: string): DicomFile {
  return parsePart10(readFileSync(corpusPath(relative)), { file: relative });
}

function sopClassOf(file: DicomFile): string {
  return file.meta.string('MediaStorageSOPClassUID') ?? file.dataset.string('SOPClassUID') ?? '';
}

/**
 * A storescu association profile (dcmtk asccfg format) with, per SOP class and
 * transfer syntax of the files, one context proposing that syntax first and
 * the uncompressed ones after it: the listener must pick the first, so every
 * file travels in its own encoding, untouched by dcmtk.
 */
function storescuProfile(files: readonly DicomFile[]): string {
  const pairs = new Map<string, { sopClass: string; syntax: string }>();
  for (const file of files) {
    const sopClass = sopClassOf(file);
    pairs.set(`${sopClass}|${file.transferSyntaxUid}`, {
      sopClass,
      syntax: file.transferSyntaxUid,
    });
  }
  const syntaxes = [...new Set([...pairs.values()].map((p) => p.syntax))];
  const lines = ['[[TransferSyntaxes]]'];
  syntaxes.forEach((syntax, i) => {
    lines.push(`[TS${i}]`);
    const list = [syntax, ...[EXPLICIT_LE, IMPLICIT_LE].filter((s) => s !== syntax)];
    list.forEach((uid, j) => lines.push(`TransferSyntax${j + 1} = ${uid}`));
  });
  lines.push('[[PresentationContexts]]', '[Radset]');
  [...pairs.values()].forEach((pair, i) =>
    lines.push(
      `PresentationContext${i + 1} = ${pair.sopClass}\\TS${syntaxes.indexOf(pair.syntax)}`,
    ),
  );
  lines.push('[[Profiles]]', '[Radset]', 'PresentationContexts = Radset');
  return `${lines.join('\n')}\n`;
}

/** Expects `received` to hold `original` with its data set unchanged. */
function expectSameInstance(received: ReceivedInstance, original: DicomFile, label: string): void {
  const parsed = parsePart10(received.part10, { file: `received ${label}` });
  expect(received.transferSyntaxUid, label).toBe(original.transferSyntaxUid);
  expect(parsed.transferSyntaxUid, label).toBe(original.transferSyntaxUid);
  expect(parsed.meta.string('MediaStorageSOPInstanceUID'), label).toBe(received.sopInstanceUid);
  expect(parsed.meta.string('MediaStorageSOPClassUID'), label).toBe(received.sopClassUid);
  expect(received.sopClassUid, label).toBe(sopClassOf(original));
  // What dcmtk (storescu, and Orthanc, built on it) changes before sending,
  // so the differences are the sender's: it never sends (FFFC,FFFC) Data Set
  // Trailing Padding, which carries nothing (PS3.6), and it writes
  // encapsulated Pixel Data as OB, as PS3.5 A.4 requires, where a file says OW.
  const encapsulated = original.dataset.element('PixelData')?.fragments !== undefined;
  const differences = datasetDifferences(parsed.dataset, original.dataset).filter(
    (d) =>
      d !== '(FFFC,FFFC) DataSetTrailingPadding: only in second' &&
      !(encapsulated && d === '(7FE0,0010) PixelData: VR OB vs OW'),
  );
  expect(differences, label).toEqual([]);
}

/** A minimal SCU driven by hand, to send what well-behaved peers never send. */
class HandScu {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    void this.closed.then(() => this.waiter?.());
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<HandScu> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    return new HandScu(socket);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next PDU from the listener, or undefined when it closed the connection first. */
  async readPdu(): Promise<{ type: number; body: Uint8Array } | undefined> {
    for (;;) {
      if (this.buffer.length >= 6) {
        const length = this.buffer.readUInt32BE(2);
        if (this.buffer.length >= 6 + length) {
          const type = this.buffer[0] as number;
          const body = new Uint8Array(this.buffer.subarray(6, 6 + length));
          this.buffer = this.buffer.subarray(6 + length);
          return { type, body };
        }
      }
      if (this.socket.destroyed || this.socket.readableEnded) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  async associate(contexts: readonly PresentationContextProposal[]): Promise<AssociateAccept> {
    this.write(
      encodeAssociateRequest({
        protocolVersion: 1,
        calledAeTitle: AE,
        callingAeTitle: 'HANDSCU',
        applicationContextName: '1.2.840.10008.3.1.1.1',
        presentationContexts: contexts,
        userInformation: { maxPduLengthBytes: 16384, implementationClassUid: '2.25.7' },
      }),
    );
    const pdu = await this.readPdu();
    if (pdu?.type !== PDU_TYPE.associateAc)
      throw new Error(`expected A-ASSOCIATE-AC, got ${pdu?.type ?? 'close'}`);
    return decodeAssociateAccept(pdu.body);
  }

  /** Reads one command PDU (single PDV) from the listener. */
  async readCommand(): Promise<CommandSet> {
    const pdu = await this.readPdu();
    if (pdu?.type !== PDU_TYPE.pDataTf) throw new Error(`expected P-DATA-TF, got ${pdu?.type}`);
    expect(pdu.body[5]).toBe(0b11); // command, last fragment
    return decodeCommandSet(pdu.body.subarray(6));
  }

  async release(): Promise<void> {
    this.write(encodeReleaseRequest());
    const pdu = await this.readPdu();
    expect(pdu?.type).toBe(PDU_TYPE.releaseRp);
    this.socket.end();
    await this.closed;
  }
}

function commandPdu(contextId: number, elements: readonly CommandElement[]): Uint8Array {
  return encodePDataTf([
    { contextId, command: true, last: true, data: encodeCommandSet(elements) },
  ]);
}

function echoRequest(contextId: number, messageId: number): Uint8Array {
  return commandPdu(contextId, [
    { tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: VERIFICATION },
    { tag: COMMAND_TAG.CommandField, vr: 'US', value: COMMAND_FIELD.cEchoRq },
    { tag: COMMAND_TAG.MessageID, vr: 'US', value: messageId },
    { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: NO_DATA_SET },
  ]);
}

function storeCommand(
  sopClassUid: string,
  sopInstanceUid: string,
  messageId: number,
): CommandElement[] {
  return [
    { tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: sopClassUid },
    { tag: COMMAND_TAG.CommandField, vr: 'US', value: COMMAND_FIELD.cStoreRq },
    { tag: COMMAND_TAG.MessageID, vr: 'US', value: messageId },
    { tag: COMMAND_TAG.Priority, vr: 'US', value: 0 },
    { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: 0 },
    { tag: COMMAND_TAG.AffectedSOPInstanceUID, vr: 'UI', value: sopInstanceUid },
  ];
}

const HAND_CONTEXTS: PresentationContextProposal[] = [
  { id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_LE] },
  { id: 3, abstractSyntax: CT_IMAGE_STORAGE, transferSyntaxes: [EXPLICIT_LE] },
  // Patient Root Q/R FIND: refused (abstract syntax not supported).
  { id: 5, abstractSyntax: '1.2.840.10008.5.1.4.1.2.1.1', transferSyntaxes: [IMPLICIT_LE] },
];

// ---------------------------------------------------------------- tests

describe('DIMSE listener with dcmtk', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.listener.close();
  });

  it('answers C-ECHO (echoscu)', async (ctx) => {
    requirePeer(ctx, 'echoscu');
    const run = await echoscu(harness.listener.port);
    expect(run.code, run.output).toBe(0);
    expect(harness.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['association-opened', 'echo', 'association-released']),
    );
  });

  it('rejects a called AE title it does not answer to', async (ctx) => {
    requirePeer(ctx, 'echoscu');
    const run = await echoscu(harness.listener.port, 'SOMEONE_ELSE');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Called AE Title Not Recognized/i);
    expect(harness.events).toContainEqual(
      expect.objectContaining({ type: 'association-rejected', calledAeTitle: 'SOMEONE_ELSE' }),
    );
  });

  it('receives corpus files in every transfer syntax unchanged (storescu)', async (ctx) => {
    requirePeer(ctx, 'storescu');
    requireCorpus(ctx);
    const originals = STORE_FILES.map(readCorpusFile);
    const dir = mkdtempSync(join(tmpdir(), 'radset-storescu-'));
    try {
      const config = join(dir, 'storescu.cfg');
      writeFileSync(config, storescuProfile(originals));
      const before = harness.received.length;
      const run = await runPeer('storescu', [
        '-xf',
        config,
        'Radset',
        '-aet',
        'MODALITY1',
        '-aec',
        AE,
        '127.0.0.1',
        String(harness.listener.port),
        ...STORE_FILES.map(corpusPath),
      ]);
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toMatch(/Store Failed|Warning/i);
      const received = harness.received.slice(before);
      expect(received).toHaveLength(STORE_FILES.length);
      received.forEach((instance, i) => {
        const original = originals[i] as DicomFile;
        const label = STORE_FILES[i] as string;
        expect(instance.callingAeTitle).toBe('MODALITY1');
        expect(instance.calledAeTitle).toBe(AE);
        expect(instance.remoteAddress).toBe('127.0.0.1');
        expectSameInstance(instance, original, label);
      });
      const syntaxes = new Set(received.map((r) => r.transferSyntaxUid));
      expect(syntaxes.size).toBeGreaterThanOrEqual(14);
      const meta = parsePart10(received[0]?.part10 ?? new Uint8Array()).meta;
      expect(meta.string('SourceApplicationEntityTitle')).toBe('MODALITY1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DIMSE listener: pipeline failures and concurrency', () => {
  it('answers a rejection or a throw with a failure status and keeps serving', async (ctx) => {
    requirePeer(ctx, 'storescu');
    requireCorpus(ctx);
    const file = corpusPath('syntaxes/explicit_vr_le/CT_small.dcm');
    let mode: 'reject' | 'throw' = 'reject';
    const harness = await startHarness({}, async () => {
      if (mode === 'throw') throw new Error('database unavailable');
      return { status: 'rejected', reason: 'quarantined: test rule' };
    });
    try {
      const send = (): Promise<PeerRun> =>
        // -d prints the C-STORE-RSP command, ErrorComment included.
        runPeer('storescu', ['-d', '-aec', AE, '127.0.0.1', String(harness.listener.port), file]);
      const rejected = await send();
      expect(rejected.code).not.toBe(0);
      expect(rejected.output).toMatch(/DIMSE Status\s*: 0xc000/);
      expect(rejected.output).toMatch(/\(0000,0902\) LO \[quarantined: test rule\]/);
      mode = 'throw';
      const failed = await send();
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/DIMSE Status\s*: 0xc211/);
      expect(failed.output).toMatch(/\(0000,0902\) LO \[database unavailable\]/);
      const statuses = harness.events.flatMap((e) => (e.type === 'store' ? [e] : []));
      expect(statuses.map((e) => [e.status, e.errorComment])).toEqual([
        [0xc000, 'quarantined: test rule'],
        [0xc211, 'database unavailable'],
      ]);
      const echo = await echoscu(harness.listener.port);
      expect(echo.code, echo.output).toBe(0);
    } finally {
      await harness.listener.close();
    }
  });

  it('serves two storescu associations at the same time', async (ctx) => {
    requirePeer(ctx, 'storescu');
    requireCorpus(ctx);
    const setA = STORE_FILES.slice(3, 5);
    const setB = ['syntaxes/explicit_vr_le/MR_small.dcm', 'syntaxes/explicit_vr_le/SC_rgb.dcm'];
    // Each association's first store waits until the other's has started: only
    // a listener that serves both at once gets past it (a fallback timer ends
    // the wait so that a serial listener fails the assertion, not by timeout).
    const started = new Set<string>();
    let bothStarted: () => void = () => undefined;
    const overlap = new Promise<void>((resolve) => (bothStarted = resolve));
    const fallback = setTimeout(bothStarted, 30_000);
    let sawOverlap = false;
    const harness = await startHarness({}, async (instance) => {
      started.add(instance.callingAeTitle);
      if (started.size === 2) {
        sawOverlap = true;
        bothStarted();
      }
      await overlap;
      return { status: 'stored' };
    });
    try {
      const send = (aet: string, files: readonly string[]): Promise<PeerRun> =>
        runPeer('storescu', [
          '-aet',
          aet,
          '-aec',
          AE,
          '127.0.0.1',
          String(harness.listener.port),
          ...files.map(corpusPath),
        ]);
      const [a, b] = await Promise.all([send('SENDER_A', setA), send('SENDER_B', setB)]);
      expect(a.code, a.output).toBe(0);
      expect(b.code, b.output).toBe(0);
      expect(sawOverlap).toBe(true);
      expect(harness.received).toHaveLength(4);
      const byAe = (aet: string): string[] =>
        harness.received.filter((r) => r.callingAeTitle === aet).map((r) => r.sopInstanceUid);
      // In order within each association.
      expect(byAe('SENDER_A')).toEqual(
        setA.map((f) => readCorpusFile(f).dataset.string('SOPInstanceUID')),
      );
      expect(byAe('SENDER_B')).toEqual(
        setB.map((f) => readCorpusFile(f).dataset.string('SOPInstanceUID')),
      );
    } finally {
      clearTimeout(fallback);
      await harness.listener.close();
    }
  });

  it('rejects associations beyond maxAssociations as transient', async (ctx) => {
    requirePeer(ctx, 'echoscu');
    const harness = await startHarness({ maxAssociations: 1 });
    try {
      const holder = await HandScu.connect(harness.listener.port);
      await holder.associate(HAND_CONTEXTS);
      const refused = await echoscu(harness.listener.port);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/Transient/i);
      await holder.release();
      const echo = await echoscu(harness.listener.port);
      expect(echo.code, echo.output).toBe(0);
    } finally {
      await harness.listener.close();
    }
  });
});

describe('DIMSE listener: protocol details and misbehaving peers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ idleTimeoutSeconds: 2 });
  });
  afterAll(async () => {
    await harness.listener.close();
  });

  it('negotiates contexts and answers pipelined requests in order', async () => {
    const scu = await HandScu.connect(harness.listener.port);
    const ac = await scu.associate(HAND_CONTEXTS);
    expect(ac.presentationContexts.map((pc) => [pc.id, pc.result])).toEqual([
      [1, 0],
      [3, 0],
      [5, 3],
    ]);
    expect(ac.userInformation.implementationVersionName).toBe('RADSET_0_1');
    expect(ac.userInformation.maxPduLengthBytes).toBe(262144);
    // Three requests in one write: several PDUs in one TCP read.
    scu.write(Buffer.concat([echoRequest(1, 11), echoRequest(1, 12), echoRequest(1, 13)]));
    for (const id of [11, 12, 13]) {
      const rsp = await scu.readCommand();
      expect(rsp.commandField).toBe(COMMAND_FIELD.cEchoRsp);
      expect(rsp.us(COMMAND_TAG.MessageIDBeingRespondedTo)).toBe(id);
      expect(rsp.us(COMMAND_TAG.Status)).toBe(0);
      expect(rsp.hasDataSet).toBe(false);
    }
    await scu.release();
  });

  it('reassembles a data set sent in many small fragments and PDUs', async (ctx) => {
    requireCorpus(ctx);
    const original = readCorpusFile('syntaxes/explicit_vr_le/CT_small.dcm');
    const bytes = readFileSync(corpusPath('syntaxes/explicit_vr_le/CT_small.dcm'));
    const dataSet = new Uint8Array(bytes.subarray(original.datasetOffset));
    const uid = original.dataset.string('SOPInstanceUID') as string;
    const scu = await HandScu.connect(harness.listener.port);
    await scu.associate(HAND_CONTEXTS);
    const before = harness.received.length;
    const command = encodeCommandSet(storeCommand(CT_IMAGE_STORAGE, uid, 7));
    // The command in two fragments, the data set in 997-byte fragments, two PDVs per PDU.
    const pdvs = [
      { contextId: 3, command: true, last: false, data: command.subarray(0, 20) },
      { contextId: 3, command: true, last: true, data: command.subarray(20) },
    ];
    for (let at = 0; at < dataSet.length; at += 997)
      pdvs.push({
        contextId: 3,
        command: false,
        last: at + 997 >= dataSet.length,
        data: dataSet.subarray(at, at + 997),
      });
    const stream = Buffer.concat(
      Array.from({ length: Math.ceil(pdvs.length / 2) }, (_, i) =>
        encodePDataTf(pdvs.slice(2 * i, 2 * i + 2)),
      ),
    );
    // Written in odd-sized pieces so PDU boundaries fall anywhere in the reads.
    for (let at = 0; at < stream.length; at += 1237) {
      scu.write(stream.subarray(at, at + 1237));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rsp = await scu.readCommand();
    expect(rsp.commandField).toBe(COMMAND_FIELD.cStoreRsp);
    expect(rsp.us(COMMAND_TAG.Status)).toBe(0);
    expect(rsp.us(COMMAND_TAG.MessageIDBeingRespondedTo)).toBe(7);
    expect(rsp.string(COMMAND_TAG.AffectedSOPInstanceUID)).toBe(uid);
    expect(rsp.string(COMMAND_TAG.AffectedSOPClassUID)).toBe(CT_IMAGE_STORAGE);
    const instance = harness.received[before] as ReceivedInstance;
    expect(instance.callingAeTitle).toBe('HANDSCU');
    const parsed = parsePart10(instance.part10);
    expect(instance.part10.subarray(parsed.datasetOffset)).toEqual(dataSet);
    expect(datasetDifferences(parsed.dataset, original.dataset)).toEqual([]);
    await scu.release();
  });

  it('accepts transfer syntaxes dcmtk does not know (HTJ2K) and keeps the bytes', async (ctx) => {
    requireCorpus(ctx);
    const relative = 'syntaxes/htj2k/HTJ2KLossless_08_RGB.dcm';
    const original = readCorpusFile(relative);
    const bytes = readFileSync(corpusPath(relative));
    const sopClass = sopClassOf(original);
    const scu = await HandScu.connect(harness.listener.port);
    const ac = await scu.associate([
      { id: 7, abstractSyntax: sopClass, transferSyntaxes: [HTJ2K_LOSSLESS, EXPLICIT_LE] },
    ]);
    expect(ac.presentationContexts[0]?.transferSyntax).toBe(HTJ2K_LOSSLESS);
    const before = harness.received.length;
    const command = encodeCommandSet(
      storeCommand(sopClass, original.dataset.string('SOPInstanceUID') as string, 1),
    );
    scu.write(encodePDataTf([{ contextId: 7, command: true, last: true, data: command }]));
    const dataSet = bytes.subarray(original.datasetOffset);
    for (let at = 0; at < dataSet.length; at += 16378)
      scu.write(
        encodePDataTf([
          {
            contextId: 7,
            command: false,
            last: at + 16378 >= dataSet.length,
            data: dataSet.subarray(at, at + 16378),
          },
        ]),
      );
    expect((await scu.readCommand()).us(COMMAND_TAG.Status)).toBe(0);
    expectSameInstance(harness.received[before] as ReceivedInstance, original, relative);
    await scu.release();
  });

  it('refuses a C-STORE whose SOP class is not its context’s, and unknown services', async () => {
    const scu = await HandScu.connect(harness.listener.port);
    await scu.associate(HAND_CONTEXTS);
    const before = harness.received.length;
    // An MR SOP class on the CT context.
    scu.write(commandPdu(3, storeCommand('1.2.840.10008.5.1.4.1.1.4', '2.25.1', 21)));
    scu.write(
      encodePDataTf([{ contextId: 3, command: false, last: true, data: new Uint8Array(8) }]),
    );
    const mismatch = await scu.readCommand();
    expect(mismatch.us(COMMAND_TAG.Status)).toBe(0x0122);
    expect(mismatch.string(COMMAND_TAG.ErrorComment)).toMatch(/context/);
    // C-FIND-RQ on the CT context: not a service of this SCP.
    scu.write(
      commandPdu(3, [
        { tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: CT_IMAGE_STORAGE },
        { tag: COMMAND_TAG.CommandField, vr: 'US', value: COMMAND_FIELD.cFindRq },
        { tag: COMMAND_TAG.MessageID, vr: 'US', value: 22 },
        { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: NO_DATA_SET },
      ]),
    );
    const find = await scu.readCommand();
    expect(find.commandField).toBe(0x8020);
    expect(find.us(COMMAND_TAG.Status)).toBe(0x0211);
    expect(find.us(COMMAND_TAG.MessageIDBeingRespondedTo)).toBe(22);
    expect(harness.received.length).toBe(before);
    await scu.release();
  });

  it('aborts on P-DATA for a context that was not accepted', async () => {
    const scu = await HandScu.connect(harness.listener.port);
    await scu.associate(HAND_CONTEXTS);
    scu.write(echoRequest(5, 1)); // context 5 was refused
    const pdu = await scu.readPdu();
    expect(pdu?.type).toBe(PDU_TYPE.abort);
    await scu.closed;
  });

  it('aborts a PDU over the 64 MiB cap before reading it', async () => {
    const scu = await HandScu.connect(harness.listener.port);
    await scu.associate(HAND_CONTEXTS);
    scu.write(new Uint8Array([0x04, 0, 0x05, 0, 0, 0])); // P-DATA-TF of 80 MiB
    const pdu = await scu.readPdu();
    expect(pdu?.type).toBe(PDU_TYPE.abort);
    await scu.closed;
    expect(harness.events).toContainEqual(
      expect.objectContaining({ type: 'protocol-error', message: expect.stringMatching(/limit/) }),
    );
  });

  it('rejects an A-ASSOCIATE-RQ with a wrong application context', async () => {
    const scu = await HandScu.connect(harness.listener.port);
    scu.write(
      encodeAssociateRequest({
        protocolVersion: 1,
        calledAeTitle: AE,
        callingAeTitle: 'HANDSCU',
        applicationContextName: '1.2.3.4',
        presentationContexts: HAND_CONTEXTS,
        userInformation: { maxPduLengthBytes: 0 },
      }),
    );
    const pdu = await scu.readPdu();
    expect(pdu?.type).toBe(PDU_TYPE.associateRj);
    expect(decodeAssociateReject(pdu?.body ?? new Uint8Array(4))).toEqual({
      result: 1,
      source: 1,
      reason: 2,
    });
    await scu.closed;
  });

  it('survives garbage, abrupt closes and silent connections, then still answers', async (ctx) => {
    requirePeer(ctx, 'echoscu');
    const { port } = harness.listener;
    // An HTTP request is not a PDU: A-ABORT, closed.
    const http = await HandScu.connect(port);
    http.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect((await http.readPdu())?.type).toBe(PDU_TYPE.abort);
    await http.closed;
    // Half an A-ASSOCIATE-RQ, then the connection dropped.
    const half = await HandScu.connect(port);
    half.write(
      encodeAssociateRequest({
        protocolVersion: 1,
        calledAeTitle: AE,
        callingAeTitle: 'HANDSCU',
        applicationContextName: '1.2.840.10008.3.1.1.1',
        presentationContexts: HAND_CONTEXTS,
        userInformation: { maxPduLengthBytes: 0 },
      }).subarray(0, 40),
    );
    half.socket.destroy();
    // Associated, half a data set, then reset.
    const reset = await HandScu.connect(port);
    await reset.associate(HAND_CONTEXTS);
    reset.write(commandPdu(3, storeCommand(CT_IMAGE_STORAGE, '2.25.2', 1)));
    reset.write(
      encodePDataTf([
        { contextId: 3, command: false, last: false, data: new Uint8Array(100) },
      ]).subarray(0, 50),
    );
    reset.socket.resetAndDestroy();
    // Connected and silent: closed after the idle timeout (2 s here).
    const silent = await HandScu.connect(port);
    await silent.closed;
    // Associated and silent: A-ABORT after the idle timeout.
    const idle = await HandScu.connect(port);
    await idle.associate(HAND_CONTEXTS);
    expect((await idle.readPdu())?.type).toBe(PDU_TYPE.abort);
    await idle.closed;

    const echo = await echoscu(port);
    expect(echo.code, echo.output).toBe(0);
    const endings = harness.events.filter(
      (e) => e.type === 'association-aborted' || e.type === 'connection-closed',
    );
    expect(endings.map((e) => ('reason' in e ? e.reason : ''))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not a DICOM PDU/),
        expect.stringMatching(/no A-ASSOCIATE-RQ within/),
        expect.stringMatching(/idle for/),
      ]),
    );
  });
});

describe('DIMSE listener with Orthanc as the sender', () => {
  it('receives what Orthanc C-STOREs to it, intact', async (ctx) => {
    requirePeer(ctx, 'Orthanc', { command: ORTHANC });
    requireCorpus(ctx);
    // Distinct SOP Instance UIDs: Orthanc keeps one instance per UID.
    const files = [
      'syntaxes/explicit_vr_le/CT_small.dcm',
      'syntaxes/implicit_vr_le/CT1_UNC.implicit_little_endian.dcm',
      'syntaxes/jpeg2000_lossless/MR_small_jp2klossless.dcm',
      'syntaxes/rle_lossless/SC_rgb_rle.dcm',
      'syntaxes/jpeg_baseline_p1/SC_rgb_dcmtk_+eb+cy+n2.dcm',
      'syntaxes/jpeg_extended_p2_4/JPGExtended.dcm',
    ];
    const originals = files.map(readCorpusFile);
    expect(new Set(originals.map((o) => o.dataset.string('SOPInstanceUID'))).size).toBe(
      files.length,
    );
    const harness = await startHarness();
    const orthanc = await startOrthanc({
      dicomweb: false,
      modalities: { radset: { aeTitle: AE, host: '127.0.0.1', port: harness.listener.port } },
    });
    try {
      const ids = await orthanc.upload(files.map(corpusPath));
      const response = await fetch(`${orthanc.restUrl}/modalities/radset/store`, {
        method: 'POST',
        body: JSON.stringify({ Resources: ids, Synchronous: true }),
      });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect(harness.received).toHaveLength(files.length);
      const byUid = new Map(harness.received.map((r) => [r.sopInstanceUid, r]));
      files.forEach((relative, i) => {
        const original = originals[i] as DicomFile;
        const instance = byUid.get(original.dataset.string('SOPInstanceUID') ?? '');
        expect(instance, relative).toBeDefined();
        if (instance === undefined) return;
        expect(instance.callingAeTitle).toBe(orthanc.aeTitle);
        expectSameInstance(instance, original, relative);
      });
    } finally {
      await orthanc.stop();
      await harness.listener.close();
    }
  });
});
