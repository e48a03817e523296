/**
 * Orthanc's REST ingest as a client would drive it at full speed: every file
 * `POST /instances` (body: the Part 10 file), `clients` requests in flight on
 * HTTP keep-alive connections (node:http Agent, keepAlive, maxSockets =
 * clients), timed from the first request to the last response.
 */
import { Agent, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { inLanes } from '../deid/orthanc-server.js';

export interface RestIngest {
  readonly seconds: number;
  /** Files Orthanc answered 200 for. */
  readonly accepted: number;
  readonly failures: readonly { readonly input: string; readonly reason: string }[];
}

function postOnce(agent: Agent, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/dicom', 'Content-Length': body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolveResponse({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Uploads every file; a refused file is a failure, not an exception. */
export async function orthancRestIngest(
  baseUrl: string,
  files: readonly string[],
  clients: number,
): Promise<RestIngest> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL('/instances', baseUrl);
  const failures: { input: string; reason: string }[] = [];
  let accepted = 0;
  const started = performance.now();
  try {
    await inLanes(files, clients, async (input) => {
      try {
        const { status, text } = await postOnce(agent, url, await readFile(input));
        if (status === 200) accepted++;
        else failures.push({ input, reason: `${status} ${text.slice(0, 200)}` });
      } catch (error) {
        failures.push({ input, reason: (error as Error).message.slice(0, 200) });
      }
    });
    return { seconds: (performance.now() - started) / 1000, accepted, failures };
  } finally {
    agent.destroy();
  }
}
