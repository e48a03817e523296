/**
 * Pulling studies from a PACS over DICOMweb: QIDO-RS to find them (PS3.18
 * section 10.6), WADO-RS to retrieve them as Part 10 files (PS3.18 section
 * 10.4), streamed through the multipart/related parser (PS3.18 8.7.1.2).
 */
import type { DicomJsonDataset } from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import {
  DICOMWEB_REMOTE_ERROR,
  httpFailure,
  httpGet,
  normaliseBaseUrl,
  responseChunks,
} from './dicomweb-http.js';
import { HandOff } from './hand-off.js';
import { parseMediaType } from './media-type.js';
import { multipartParameters, parseMultipartRelated } from './multipart-related.js';

export interface DicomwebPullOptions {
  /** The DICOMweb root, e.g. `https://pacs.example/dicom-web` (a trailing slash is ignored). */
  readonly baseUrl: string;
  /** Studies to pull (then `query` is not used); when absent, the studies that `query` finds (QIDO-RS): with no query, every study the server lists. */
  readonly studyUids?: readonly string[];
  /** QIDO-RS study-level query parameters (PS3.18 10.6.1.2), e.g. `{ ModalitiesInStudy: 'CT', StudyDate: '20200101-20201231' }`. */
  readonly query?: Readonly<Record<string, string>>;
  /** Extra request headers, e.g. Authorization. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Studies retrieved at the same time. Default 2. */
  readonly concurrency?: number;
  /**
   * Compare the number of instances received with NumberOfStudyRelatedInstances
   * (0020,1208) from QIDO-RS, and count a study that came back short as failed.
   * Default true (a server may silently drop instances it cannot transcode).
   */
  readonly verifyInstanceCount?: boolean;
  readonly signal?: AbortSignal;
}

/** One instance as retrieved. */
export interface PulledInstance {
  /** The DICOM Part 10 file, as the server sent it. */
  readonly part10: Uint8Array;
  /** `dicomweb:<StudyInstanceUID>/<n>`, n counting the parts of the study's response from 1: a stable reference for reports. */
  readonly ref: string;
  readonly studyUid: string;
}

/** What became of one study. */
export interface DicomwebStudyOutcome {
  /** The study's UID; empty when a QIDO-RS result had none (see `reason`). */
  readonly studyUid: string;
  /** `pulled`: the whole response arrived (and, when known, at least the expected count). `failed`: see `reason`. */
  readonly status: 'pulled' | 'failed';
  /** Instances of this study yielded by the iterator, also for a failed study (a response that broke off). */
  readonly instancesPulled: number;
  /** NumberOfStudyRelatedInstances (0020,1208) from QIDO-RS, when known. */
  readonly instancesExpected: number | undefined;
  /** The WADO-RS URL of the study. */
  readonly url: string;
  /** The HTTP status of the retrieve response (undefined when none was received). */
  readonly httpStatus: number | undefined;
  /** Why the study failed: URL, HTTP status and the start of the response body, or the parse error. */
  readonly reason: string | undefined;
  /**
   * `*`: the server was asked for the stored transfer syntax (PS3.18 8.7.3.5.2, no transcoding);
   * `default`: it refused that (406) and was asked again without, so it may have transcoded.
   */
  readonly transferSyntax: '*' | 'default';
}

/**
 * A pull in progress: iterate it for the instances; `outcomes` accounts for
 * every study. When iteration has ended normally, `outcomes.length` equals
 * `studyCount`, and the instances yielded number the sum of
 * `instancesPulled`: nothing is left uncounted. A pull can be iterated once.
 */
export interface DicomwebPull extends AsyncIterable<PulledInstance> {
  /** Studies to pull, known once iteration has begun and the study list is resolved. */
  readonly studyCount: number | undefined;
  /** One entry per finished study, in the order they finished. */
  readonly outcomes: readonly DicomwebStudyOutcome[];
  /** The failed entries of `outcomes`. */
  readonly failures: readonly DicomwebStudyOutcome[];
}

export interface SearchStudiesOptions {
  /** Matches asked for per request (`limit`, PS3.18 8.3.4.4). Default 100. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

const DICOM_JSON = 'application/dicom+json';
/** PS3.18 8.7.3.5.2: `transfer-syntax=*` asks for the instances as stored, with no transcoding. */
const ACCEPT_AS_STORED = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const ACCEPT_DEFAULT = 'multipart/related; type="application/dicom"';
const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 2;
/** PS3.5 section 9.1: digits and dots, no empty component, at most 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const STUDY_INSTANCE_UID = '0020000D';
const NUMBER_OF_STUDY_RELATED_INSTANCES = '00201208';

function isUid(value: string): boolean {
  return value.length <= 64 && UID.test(value);
}

function firstValue(dataset: DicomJsonDataset, tag: string): unknown {
  return dataset[tag]?.Value?.[0];
}

/** An IS value: a JSON number (PS3.18 F.2.3), or a string from lenient servers. */
function countOf(dataset: DicomJsonDataset): number | undefined {
  const value = firstValue(dataset, NUMBER_OF_STUDY_RELATED_INSTANCES);
  const count = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

/** Checks the shape of a QIDO-RS response: an array of DICOM JSON data sets (PS3.18 Annex F). */
function asDatasets(json: unknown, url: string): DicomJsonDataset[] {
  const fail = (why: string): never => {
    throw new RadsetError(DICOMWEB_REMOTE_ERROR, `QIDO-RS GET ${url}: ${why}`);
  };
  if (!Array.isArray(json)) return fail('the response is not a JSON array (PS3.18 F.2)');
  json.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      fail(`result ${index + 1} is not a DICOM JSON object`);
    for (const [tag, attribute] of Object.entries(item as Record<string, unknown>)) {
      const vr =
        typeof attribute === 'object' && attribute !== null
          ? (attribute as { vr?: unknown }).vr
          : undefined;
      if (!/^[0-9A-Fa-f]{8}$/.test(tag) || typeof vr !== 'string')
        fail(`result ${index + 1} has an attribute '${tag}' that is not DICOM JSON (PS3.18 F.2.2)`);
    }
  });
  return json as DicomJsonDataset[];
}

/** One QIDO-RS request: the results and whether the server says more remain. */
async function qidoPage(
  url: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal | undefined,
): Promise<{ results: DicomJsonDataset[]; moreRemain: boolean }> {
  const response = await httpGet(url, { ...headers, Accept: DICOM_JSON }, signal);
  if (response.status === 204) {
    // PS3.18 8.3.4.4.1: no (more) matches.
    await response.body?.cancel();
    return { results: [], moreRemain: false };
  }
  if (!response.ok) {
    const failure = await httpFailure('QIDO-RS GET', url, response);
    throw new RadsetError(
      response.status === 404 ? 'NOT_FOUND' : DICOMWEB_REMOTE_ERROR,
      failure.describe(),
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RadsetError(
      DICOMWEB_REMOTE_ERROR,
      `QIDO-RS GET ${url}: the response is not JSON: ${text.slice(0, 200)}`,
    );
  }
  // PS3.18 8.3.4.4.1: a server that returns fewer than the remaining matches says so in a Warning header (299).
  const warning = response.headers.get('warning') ?? '';
  return { results: asDatasets(json, url), moreRemain: /\b299\b/.test(warning) };
}

function queryString(parameters: Readonly<Record<string, string>>): string {
  return new URLSearchParams(Object.entries(parameters)).toString();
}

/**
 * QIDO-RS Search for Studies (PS3.18 section 10.6): `GET {base}/studies?{query}`
 * with Accept: application/dicom+json, paged with limit/offset (PS3.18
 * 8.3.4.4) until the server has no more. A query that sets `limit` or
 * `offset` itself is sent once, as given. Results are de-duplicated by
 * StudyInstanceUID; paging also stops when a page brings nothing new (a
 * server that ignores `offset`). Throws RadsetError naming the URL and the
 * HTTP status on failure.
 */
export async function searchStudies(
  baseUrl: string,
  query: Readonly<Record<string, string>> = {},
  headers: Readonly<Record<string, string>> = {},
  options: SearchStudiesOptions = {},
): Promise<DicomJsonDataset[]> {
  const base = normaliseBaseUrl(baseUrl);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `QIDO-RS page size must be a positive integer, not ${pageSize}`,
    );
  const keys = Object.keys(query).map((k) => k.toLowerCase());
  if (keys.includes('limit') || keys.includes('offset')) {
    const url = `${base}/studies?${queryString(query)}`;
    return (await qidoPage(url, headers, options.signal)).results;
  }
  const found: DicomJsonDataset[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (;;) {
    const url = `${base}/studies?${queryString({ ...query, limit: String(pageSize), offset: String(offset) })}`;
    const { results, moreRemain } = await qidoPage(url, headers, options.signal);
    let fresh = 0;
    for (const result of results) {
      const uid = firstValue(result, STUDY_INSTANCE_UID);
      const key = typeof uid === 'string' ? uid : `#${found.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(result);
      fresh += 1;
    }
    if (results.length === 0 || fresh === 0) return found;
    if (results.length < pageSize && !moreRemain) return found;
    offset += results.length;
  }
}

interface StudyPlan {
  readonly uid: string;
  readonly expected: number | undefined;
}

/** The counting state shared by the iterator and the {@link DicomwebPull} object. */
interface PullState {
  studyCount: number | undefined;
  readonly outcomes: DicomwebStudyOutcome[];
  started: boolean;
}

/**
 * Pulls studies from a DICOMweb server: the studies are `studyUids`, or those
 * a QIDO-RS search with `query` finds; each is retrieved with WADO-RS
 * (`GET {base}/studies/{uid}`, PS3.18 10.4.1) asking for the stored transfer
 * syntax (`transfer-syntax=*`), and again without it if the server answers
 * 406. Parts stream through the multipart parser: memory is bounded by the
 * largest instance times `concurrency`.
 *
 * Failures:
 * - one study failing (an HTTP error such as 404, a response that is not
 *   multipart or breaks off, a part that is not application/dicom, fewer
 *   instances than QIDO-RS counted) is recorded in `outcomes` with its reason
 *   and the pull goes on with the other studies;
 * - a server that cannot be reached, refuses the credentials (401/403), or
 *   fails the QIDO-RS search ends the iteration with a RadsetError naming the
 *   URL (and HTTP status): the instances already yielded stand, `outcomes`
 *   holds the studies finished so far;
 * - invalid options (a study UID that is not a UID, bad concurrency) throw
 *   RadsetError('INVALID_ARGUMENT') when iteration begins.
 */
export function pullFromDicomweb(options: DicomwebPullOptions): DicomwebPull {
  const state: PullState = { studyCount: undefined, outcomes: [], started: false };
  return {
    get studyCount() {
      return state.studyCount;
    },
    get outcomes() {
      return state.outcomes;
    },
    get failures() {
      return state.outcomes.filter((o) => o.status === 'failed');
    },
    [Symbol.asyncIterator]: () => {
      if (state.started)
        throw new RadsetError('INVALID_ARGUMENT', 'a DICOMweb pull can be iterated only once');
      state.started = true;
      return pull(options, state);
    },
  };
}

async function* pull(
  options: DicomwebPullOptions,
  state: PullState,
): AsyncGenerator<PulledInstance> {
  const base = normaliseBaseUrl(options.baseUrl);
  const headers = options.headers ?? {};
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `concurrency must be a positive integer, not ${concurrency}`,
    );
  const verify = options.verifyInstanceCount ?? true;

  const plans: StudyPlan[] = [];
  if (options.studyUids !== undefined) {
    for (const uid of options.studyUids) {
      if (!isUid(uid))
        throw new RadsetError(
          'INVALID_ARGUMENT',
          `study UID '${uid}' is not a DICOM UID (PS3.5 9.1)`,
        );
    }
    for (const uid of new Set(options.studyUids)) plans.push({ uid, expected: undefined });
    state.studyCount = plans.length;
  } else {
    const results = await searchStudies(base, options.query ?? {}, headers, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    state.studyCount = results.length;
    results.forEach((result, index) => {
      const uid = firstValue(result, STUDY_INSTANCE_UID);
      if (typeof uid === 'string' && isUid(uid)) {
        plans.push({ uid, expected: countOf(result) });
        return;
      }
      state.outcomes.push({
        studyUid: typeof uid === 'string' ? uid : '',
        status: 'failed',
        instancesPulled: 0,
        instancesExpected: countOf(result),
        url: `${base}/studies`,
        httpStatus: undefined,
        reason: `QIDO-RS result ${index + 1} has no valid StudyInstanceUID (0020,000D)`,
        transferSyntax: '*',
      });
    });
  }

  // `internal` stops every worker when the consumer leaves, a fatal error occurs or the caller aborts.
  const internal = new AbortController();
  const onAbort = (): void => internal.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted === true) onAbort();
  const handOff = new HandOff<PulledInstance>();
  let next = 0;
  const worker = async (): Promise<void> => {
    try {
      for (;;) {
        const plan = plans[next];
        if (plan === undefined || internal.signal.aborted) return;
        next += 1;
        const outcome = await pullStudy(base, headers, plan, verify, handOff, internal.signal);
        if (outcome === undefined) return;
        state.outcomes.push(outcome);
      }
    } catch (error) {
      handOff.fail(
        internal.signal.aborted && options.signal?.aborted === true ? options.signal.reason : error,
      );
      internal.abort();
    }
  };
  const workers = Promise.all(
    Array.from({ length: Math.min(concurrency, plans.length) }, worker),
  ).then(() => handOff.close());
  try {
    for (;;) {
      const instance = await handOff.take();
      if (instance === undefined) break;
      yield instance;
    }
    // Workers that saw the abort between studies end quietly: the caller still learns of it.
    if (options.signal?.aborted === true) throw options.signal.reason;
  } finally {
    handOff.cancel();
    internal.abort();
    await workers;
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * NumberOfStudyRelatedInstances for one study, by a QIDO-RS search on its UID.
 * Best effort: a server without QIDO-RS, or an error answer, gives undefined.
 */
async function expectedCount(
  base: string,
  headers: Readonly<Record<string, string>>,
  uid: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  const url = `${base}/studies?${queryString({ StudyInstanceUID: uid, includefield: NUMBER_OF_STUDY_RELATED_INSTANCES })}`;
  const response = await httpGet(url, { ...headers, Accept: DICOM_JSON }, signal);
  if (response.status !== 200) {
    await response.body?.cancel();
    return undefined;
  }
  try {
    const results = asDatasets(JSON.parse(await response.text()), url);
    const match = results.find((r) => firstValue(r, STUDY_INSTANCE_UID) === uid);
    return match === undefined ? undefined : countOf(match);
  } catch {
    return undefined;
  }
}

/** HTTP statuses that would fail every study the same way: stop the pull rather than fail each study. */
const FATAL_STATUSES = new Set([401, 403, 407]);

/**
 * Retrieves one study and hands its instances over. Returns its outcome, or
 * undefined when the consumer has gone. Throws only what ends the whole pull
 * (unreachable server, refused credentials, the caller's abort).
 */
async function pullStudy(
  base: string,
  headers: Readonly<Record<string, string>>,
  plan: StudyPlan,
  verify: boolean,
  handOff: HandOff<PulledInstance>,
  signal: AbortSignal,
): Promise<DicomwebStudyOutcome | undefined> {
  const url = `${base}/studies/${plan.uid}`;
  const expected =
    plan.expected ?? (verify ? await expectedCount(base, headers, plan.uid, signal) : undefined);
  let transferSyntax: '*' | 'default' = '*';
  let pulled = 0;
  let response = await httpGet(url, { ...headers, Accept: ACCEPT_AS_STORED }, signal);
  if (response.status === 406) {
    // PS3.18 8.7.3.5: the server will not send the stored transfer syntax; take its default.
    await response.body?.cancel();
    transferSyntax = 'default';
    response = await httpGet(url, { ...headers, Accept: ACCEPT_DEFAULT }, signal);
  }
  const httpStatus = response.status;
  const outcome = (reason: string | undefined): DicomwebStudyOutcome => ({
    studyUid: plan.uid,
    status: reason === undefined ? 'pulled' : 'failed',
    instancesPulled: pulled,
    instancesExpected: expected,
    url,
    httpStatus,
    reason,
    transferSyntax,
  });

  if (!response.ok) {
    const failure = await httpFailure('WADO-RS GET', url, response);
    if (FATAL_STATUSES.has(response.status))
      throw new RadsetError(DICOMWEB_REMOTE_ERROR, failure.describe());
    return outcome(failure.describe());
  }
  const contentType = response.headers.get('content-type') ?? '';
  try {
    if (response.status === 204) throw new Error('HTTP 204: the server sent no instances');
    const { mediaType } = multipartParameters(contentType);
    if (mediaType !== 'multipart/related')
      throw new Error(`Content-Type ${contentType} is not multipart/related (PS3.18 8.7.1.2)`);
    let partNumber = 0;
    for await (const part of parseMultipartRelated(contentType, responseChunks(response))) {
      partNumber += 1;
      const partType = parseMediaType(part.contentType, `part ${partNumber} Content-Type`);
      if (partType.mediaType !== 'application/dicom')
        throw new Error(
          `part ${partNumber} has Content-Type ${part.contentType}, expected application/dicom (PS3.18 8.7.3.5)`,
        );
      const taken = await handOff.put({
        part10: part.bytes,
        ref: `dicomweb:${plan.uid}/${partNumber}`,
        studyUid: plan.uid,
      });
      if (!taken) return undefined;
      pulled += 1;
    }
  } catch (error) {
    if (signal.aborted) {
      if (handOff.isCancelled) return undefined;
      throw error;
    }
    await response.body?.cancel().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    return outcome(`WADO-RS GET ${url}: HTTP ${response.status}: ${why}`);
  }
  if (verify && expected !== undefined && pulled < expected) {
    const hint =
      transferSyntax === 'default'
        ? '; the server refused transfer-syntax=* and may have left out instances it could not transcode'
        : '';
    return outcome(
      `WADO-RS GET ${url}: ${pulled} of ${expected} instances received ` +
        `(NumberOfStudyRelatedInstances (0020,1208) from QIDO-RS)${hint}`,
    );
  }
  return outcome(undefined);
}
