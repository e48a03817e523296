/**
 * Orthanc's anonymizer over REST (PS3.15 Basic Profile as Orthanc 1.10
 * implements it, Table E.1-1 of 2021b). Files must be in Orthanc first: the
 * upload (POST /instances) is timed apart, and `seconds` covers the
 * anonymization and the download of the results only.
 *
 * Two ways to call it:
 * - per instance, `POST /instances/{id}/anonymize`: returns the anonymized
 *   file and stores nothing; each call draws fresh random UIDs, so instances of
 *   one study no longer share a Study Instance UID;
 * - per study, `POST /studies/{id}/anonymize` (synchronous job): stores a new
 *   anonymized study inside Orthanc with consistent UIDs; the bench then
 *   downloads every new instance (`GET /instances/{id}/file`) and deletes the
 *   new study afterwards (not timed).
 *
 * Body: `{"Keep": [PatientSex, PatientAge, PatientSize, PatientWeight]}` —
 * the attributes PS3.15's Retain Patient Characteristics Option keeps (K) that
 * Orthanc can keep verbatim, so it is closer to radset's default profile; no
 * "Force" (nothing kept needs it). Orthanc has no Clean Descriptors or
 * Modified Dates option, so it removes those.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DeidTool, OutputPair, ToolRun } from './deid-tool.js';
import type { InputSet } from './input-sets.js';
import { inLanes, type OrthancServer } from './orthanc-server.js';

export const ORTHANC_BODY = JSON.stringify({
  Keep: ['PatientSex', 'PatientAge', 'PatientSize', 'PatientWeight'],
});

export function orthancInstanceTool(server: OrthancServer, lanes: number): DeidTool {
  return {
    name: 'Orthanc (per instance)',
    how: `POST /instances/{id}/anonymize ${ORTHANC_BODY}, ${lanes} requests in flight`,
    timing: 'anonymize calls + download of the returned files (upload to Orthanc not included)',
    version: `Orthanc ${server.version}`,
    async run(set: InputSet, outDir: string): Promise<ToolRun> {
      rmSync(outDir, { recursive: true, force: true });
      const uploaded = await server.upload(set, lanes);
      const pairs: OutputPair[] = [];
      const failures = [...uploaded.failures];
      const started = performance.now();
      await inLanes(set.files, lanes, async (input) => {
        const id = uploaded.instanceOf.get(input);
        if (id === undefined) return;
        const output = join(outDir, relative(set.dir, input));
        try {
          const response = await server.request('POST', `/instances/${id}/anonymize`, ORTHANC_BODY);
          const bytes = new Uint8Array(await response.arrayBuffer());
          mkdirSync(dirname(output), { recursive: true });
          writeFileSync(output, bytes);
          pairs.push({ input, output });
        } catch (error) {
          failures.push({ input, reason: (error as Error).message.slice(0, 200) });
        }
      });
      const seconds = (performance.now() - started) / 1000;
      return {
        seconds,
        secondsWithSetup: seconds + uploaded.seconds,
        outputDir: outDir,
        pairs,
        failures,
        notes: [`upload (POST /instances, ${lanes} in flight): ${uploaded.seconds.toFixed(2)} s`],
      };
    },
    close: async () => undefined,
  };
}

export function orthancStudyTool(server: OrthancServer, lanes: number): DeidTool {
  return {
    name: 'Orthanc (per study)',
    how: `POST /studies/{id}/anonymize ${ORTHANC_BODY}, then GET /instances/{id}/file per new instance; ${lanes} studies in flight`,
    timing:
      'anonymize jobs + download of every new instance (upload to Orthanc and deleting the new studies not included)',
    version: `Orthanc ${server.version}`,
    async run(set: InputSet, outDir: string): Promise<ToolRun> {
      rmSync(outDir, { recursive: true, force: true });
      const uploaded = await server.upload(set, lanes);
      const failures = [...uploaded.failures];
      const written: { orthancId: string; output: string }[] = [];
      const newStudies: string[] = [];
      const started = performance.now();
      await inLanes(uploaded.studies, lanes, async (study) => {
        try {
          const created = await server.json<{ ID: string }>(
            'POST',
            `/studies/${study}/anonymize`,
            ORTHANC_BODY,
          );
          newStudies.push(created.ID);
          const instances = await server.json<{ ID: string }[]>(
            'GET',
            `/studies/${created.ID}/instances`,
          );
          for (const instance of instances) {
            const response = await server.request('GET', `/instances/${instance.ID}/file`);
            const output = join(outDir, created.ID, `${instance.ID}.dcm`);
            mkdirSync(dirname(output), { recursive: true });
            writeFileSync(output, new Uint8Array(await response.arrayBuffer()));
            written.push({ orthancId: instance.ID, output });
          }
        } catch (error) {
          failures.push({
            input: `study ${study}`,
            reason: (error as Error).message.slice(0, 200),
          });
        }
      });
      const seconds = (performance.now() - started) / 1000;
      // Orthanc records where each anonymized instance came from (metadata AnonymizedFrom).
      const pairs: OutputPair[] = [];
      await inLanes(written, lanes, async ({ orthancId, output }) => {
        const from = await (
          await server.request('GET', `/instances/${orthancId}/metadata/AnonymizedFrom`)
        ).text();
        const input = uploaded.inputOf.get(from.trim());
        if (input !== undefined) pairs.push({ input, output });
      });
      await inLanes(newStudies, lanes, (id) => server.request('DELETE', `/studies/${id}`));
      return {
        seconds,
        secondsWithSetup: seconds + uploaded.seconds,
        outputDir: outDir,
        pairs,
        failures,
        notes: [
          `upload (POST /instances): ${uploaded.seconds.toFixed(2)} s`,
          'identical input files are one instance in Orthanc, so they give one output',
        ],
      };
    },
    close: async () => undefined,
  };
}
