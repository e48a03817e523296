import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePart10, stringifyDicomJson } from '../dicom/index.js';
import { classifyError, RadsetError } from '../errors.js';
import {
  readStowRequest,
  STOW_FAILURE_REASON,
  stowResponse,
  type StowResult,
} from './dicomweb/index.js';
import type { IngestPipeline } from './ingest-pipeline.js';

/** Paths STOW-RS is served on (PS3.18 10.5: `{root}/studies`); `/dicom-web` as Orthanc and OHIF use it. */
const STOW_PATHS = new Set(['/dicomweb/studies', '/dicom-web/studies', '/studies']);

/** One part at most this large (a 2 GiB instance is larger than any Part 10 file met in practice). */
const MAX_PART_BYTES = 2 ** 31 - 1;

export interface StowEndpoint {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** The sender's own UIDs, for the response: the sender knows them, and the pseudonyms it must not learn. */
function senderUids(part10: Uint8Array): { sopClassUid?: string; sopInstanceUid?: string } {
  try {
    const { dataset } = parsePart10(part10, { headerOnly: true });
    const sopClassUid = dataset.string('SOPClassUID');
    const sopInstanceUid = dataset.string('SOPInstanceUID');
    return {
      ...(sopClassUid === undefined ? {} : { sopClassUid }),
      ...(sopInstanceUid === undefined ? {} : { sopInstanceUid }),
    };
  } catch {
    return {};
  }
}

async function handleStow(
  pipeline: IngestPipeline,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const results: StowResult[] = [];
  let n = 0;
  for await (const part of readStowRequest(req.headers['content-type'], req, {
    maxPartBytes: MAX_PART_BYTES,
  })) {
    n++;
    if ('error' in part) {
      results.push({
        outcome: 'rejected',
        reason: part.error,
        failureReason: STOW_FAILURE_REASON.cannotUnderstand,
      });
      continue;
    }
    const uids = senderUids(part.part10);
    const outcome = await pipeline.ingestBytes(
      part.part10,
      `stow:${req.socket.remoteAddress ?? '?'}#${n}`,
      'stow',
    );
    results.push(
      outcome.status === 'quarantined'
        ? {
            ...uids,
            outcome: 'rejected',
            reason: `${outcome.code}: ${outcome.reason}`,
            // Unreadable as DICOM → C000; anything else (conflict, refused by the profile) → 0110.
            failureReason: outcome.code.startsWith('DICOM_')
              ? STOW_FAILURE_REASON.cannotUnderstand
              : STOW_FAILURE_REASON.processingFailure,
          }
        : { ...uids, outcome: outcome.status },
    );
  }
  const response = stowResponse(results);
  res.writeHead(response.httpStatus, { 'content-type': 'application/dicom+json' });
  res.end(stringifyDicomJson(response.body));
}

/**
 * STOW-RS (PS3.18 10.5) into the ingest pipeline, on a plain HTTP listener:
 * `POST {root}/studies` with multipart/related; type="application/dicom".
 * Every part is answered in the response (stored, or failed with a reason);
 * request-level errors are problem+json with the catalogue's status. The
 * full HTTP API (authentication, roles) is the server's; this endpoint
 * binds to loopback unless told otherwise.
 */
export async function startStowEndpoint(
  pipeline: IngestPipeline,
  options: { readonly port: number; readonly host: string },
): Promise<StowEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    if (!STOW_PATHS.has(path)) {
      problem(res, 404, 'Not found', `no resource ${path}; STOW-RS is POST /dicomweb/studies`);
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      problem(
        res,
        405,
        'Method not allowed',
        `${req.method ?? '?'} ${path}: only POST (STOW-RS) is served here`,
      );
      return;
    }
    handleStow(pipeline, req, res).catch((error: unknown) => {
      const { entry, message } = classifyError(error);
      if (!res.headersSent) problem(res, entry.httpStatus, entry.title, message);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new RadsetError(
          'INGEST_SOURCE_FAILED',
          `cannot listen for STOW-RS on ${options.host}:${options.port}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/dicomweb`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
