import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspectFile, listFiles, type FileInspection } from '../../dicom/index.js';
import {
  defaultDeidProfile,
  runDeidentification,
  verifyDeidentification,
} from '../../deid/index.js';
import { catalogStats, searchCatalog } from '../../catalog/index.js';
import { RadsetError } from '../../errors.js';
import { catalogSeriesVolumes, writeVolumeNifti, type BlobPaths } from '../../export/index.js';
import { defaultIngestJobs, ingestFolder, IngestPipeline } from '../../ingest/index.js';
import { initProject, openProject } from '../../project/index.js';
import {
  planStudyOf,
  writeStudy,
  type StudySummary,
  type SynthModality,
  type VendorStyle,
} from '../../synth/index.js';
import type { Command, CommandContext } from '../command.js';
import { formatTable } from '../text-table.js';
import { version } from '../version.js';
import { formatBytes, parseOptions, studyLine } from './synth.js';

const DEFAULT_DIR = 'radset-demo';
/** The demo project's data folder, inside the demo folder. */
const DATA_DIR = 'radset-data';
/** Where the demo writes the CT and MR volumes it exports from the catalog. */
const NIFTI_DIR = 'nifti';
/** Marks a folder as made by `radset demo`, so a re-run may replace it and nothing else. */
const MARKER = '.radset-demo';

const USAGE = `Usage: radset demo [--out DIR]

Generates a small set of synthetic studies (CT, MR and CR from four vendor
styles, with fabricated patient identities and lesion masks) into DIR
(default ./${DEFAULT_DIR}), reads every file back with radset's DICOM reader
(headers only) and prints what it found. Then it de-identifies the studies
into DIR/deidentified with the default profile (as radset deid does, with a
fixed, public demo key) and checks the result with the residual-PHI
scan (as radset deid verify does). Last, it ingests the studies into a
project in DIR/${DATA_DIR} (embedded database, the same key; as radset init
and radset ingest do) and prints what the catalog holds. A folder made by an
earlier demo is replaced; any other non-empty folder is left alone.`;

/**
 * The demo's de-identification key: fixed, so every demo run gives the same
 * output (a random key made the residual-PHI check depend on which dates the
 * shift happened to land on). Public, and so never for real data.
 */
const DEMO_KEY = Uint8Array.from(
  createHash('sha256').update('radset demo key: public, never for real data').digest(),
);

/** Folder of the de-identified copy, inside the demo folder. */
const DEID_DIR = 'deidentified';

/** The demo set: CT, MR and CR from each vendor style in turn, each small enough to take well under a second. */
const DEMO_STUDIES: readonly {
  readonly modality: SynthModality;
  readonly vendor: VendorStyle;
  readonly size: number;
  readonly slices: number;
}[] = [
  { modality: 'CT', vendor: 'siemens', size: 256, slices: 24 },
  { modality: 'MR', vendor: 'philips', size: 192, slices: 16 },
  { modality: 'CR', vendor: 'ge', size: 512, slices: 1 },
  { modality: 'CT', vendor: 'ge', size: 256, slices: 24 },
  { modality: 'MR', vendor: 'siemens', size: 192, slices: 16 },
  { modality: 'CR', vendor: 'canon', size: 512, slices: 1 },
  { modality: 'CT', vendor: 'canon', size: 256, slices: 24 },
  { modality: 'MR', vendor: 'ge', size: 192, slices: 16 },
];
const DEMO_SEED = 'demo';

function prepareFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `${dir} exists and was not made by radset demo: choose another folder with --out DIR`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

interface HeaderFacts {
  readonly inspection: FileInspection;
  readonly manufacturer: string;
  readonly studyUid: string;
  readonly seriesUid: string;
}

async function readBack(dir: string): Promise<{ dicom: HeaderFacts[]; other: FileInspection[] }> {
  const dicom: HeaderFacts[] = [];
  const other: FileInspection[] = [];
  for (const listed of await listFiles([dir])) {
    if (listed.path.endsWith(MARKER)) continue;
    const inspection = await inspectFile(listed.path);
    if (inspection.kind !== 'dicom' || inspection.error !== undefined) {
      other.push(inspection);
      continue;
    }
    dicom.push({
      inspection,
      manufacturer: inspection.manufacturer ?? '(none)',
      studyUid: inspection.studyInstanceUid ?? '',
      seriesUid: inspection.seriesInstanceUid ?? '',
    });
  }
  return { dicom, other };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function report(
  dir: string,
  facts: { dicom: HeaderFacts[]; other: FileInspection[] },
  readSeconds: number,
): string[] {
  const groups = new Map<
    string,
    { studies: Set<string>; series: Set<string>; instances: number }
  >();
  for (const f of facts.dicom) {
    const key = `${f.inspection.modality ?? '?'}\u0000${f.manufacturer}`;
    const group = groups.get(key) ?? { studies: new Set(), series: new Set(), instances: 0 };
    group.studies.add(f.studyUid);
    group.series.add(f.seriesUid);
    group.instances++;
    groups.set(key, group);
  }
  const rows = [...groups]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, g]) => {
      const [modality = '', vendor = ''] = key.split('\u0000');
      return [modality, vendor, String(g.studies.size), String(g.series.size), String(g.instances)];
    });
  const warnings = countBy(
    facts.dicom.flatMap((f) => f.inspection.warnings),
    (w) => w.code,
  );
  const errors = facts.other.filter((o) => o.error !== undefined);
  const others = countBy(
    facts.other.filter((o) => o.error === undefined),
    (o) => o.format,
  );
  const rate = facts.dicom.length / Math.max(readSeconds, 1e-6);
  return [
    '',
    `Read back ${facts.dicom.length} DICOM files (headers only) in ${readSeconds.toFixed(2)} s (${Math.round(rate)} files/s); other files (masks, ground truth): ${others.map(([f, n]) => `${n} ${f}`).join(', ') || 'none'}`,
    '',
    ...formatTable(['modality', 'manufacturer', 'studies', 'series', 'instances'], rows).map(
      (l) => `  ${l}`,
    ),
    '',
    'Transfer syntaxes:',
    ...countBy(
      facts.dicom,
      (f) => f.inspection.transferSyntaxName ?? f.inspection.transferSyntaxUid ?? '?',
    ).map(([name, n]) => `  ${String(n).padStart(4)}  ${name}`),
    '',
    warnings.length === 0
      ? 'Reader warnings: none'
      : `Reader warnings: ${warnings.map(([code, n]) => `${code} ×${n}`).join(', ')}`,
    errors.length === 0
      ? 'Errors: none'
      : `Errors: ${errors.map((e) => `${e.path}: ${e.error?.message ?? ''}`).join('; ')}`,
    '',
    `Each study has fabricated PHI (names, MRNs, birth dates, addresses, private tags) for de-identification to remove,`,
    `lesion masks in ${dir}/<study>/masks/ and lesion lists in ${dir}/<study>/ground-truth.json.`,
    `Next: radset scan ${dir}    or    radset synth --out DIR --studies N for a bigger set`,
    '',
  ];
}

/** `radset demo` (what `npm start` runs): a small synthetic study set, read back and summarised. */
export const demoCommand: Command = {
  name: 'demo',
  summary:
    'synthesize a small study set, de-identify it and ingest it into a project (what npm start runs)',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const { values, help } = parseOptions(context.args, ['out']);
    if (help) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const dir = values.get('out') ?? DEFAULT_DIR;
    if (dir === '') throw new RadsetError('USAGE', '--out needs a folder name');
    prepareFolder(resolve(dir));
    const started = performance.now();
    context.stdout.write(
      `radset demo: writing ${DEMO_STUDIES.length} synthetic studies into ${dir}\n`,
    );
    const studies: StudySummary[] = [];
    try {
      DEMO_STUDIES.forEach((spec, index) => {
        const plan = planStudyOf(
          {
            seed: DEMO_SEED,
            vendor: spec.vendor,
            modality: spec.modality,
            size: spec.size,
            slices: spec.slices,
          },
          index,
        );
        const study = writeStudy(plan, dir);
        studies.push(study);
        context.stdout.write(`${studyLine(study, dir)}\n`);
      });
      writeFileSync(join(dir, MARKER), 'made by radset demo; a re-run replaces this folder\n');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string')
        throw new RadsetError(
          'OUTPUT_WRITE_FAILED',
          `cannot write ${dir} (${code}): ${(error as Error).message}`,
          { cause: error },
        );
      throw error;
    }
    const files = studies.reduce((n, s) => n + s.files, 0);
    const bytes = studies.reduce((n, s) => n + s.bytes, 0);
    context.stdout.write(
      `Wrote ${files} DICOM files (${formatBytes(bytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    const readStarted = performance.now();
    const facts = await readBack(dir);
    const readSeconds = (performance.now() - readStarted) / 1000;
    context.stdout.write(`${report(dir, facts, readSeconds).join('\n')}`);
    const clean = await deidentifyDemo(dir, context);
    const ingested = await ingestDemo(dir, context);
    return facts.other.some((o) => o.error !== undefined) || !clean || !ingested ? 1 : 0;
  },
};

/**
 * De-identifies the demo studies and scans the result for residual PHI: the
 * path every real dataset takes at the door. OCR runs when tesseract is
 * installed (the CR studies are at risk of burned-in text).
 */
async function deidentifyDemo(dir: string, context: CommandContext): Promise<boolean> {
  const out = join(dir, DEID_DIR);
  const ocr = spawnSync('tesseract', ['--version']).status === 0;
  const profile = { ...defaultDeidProfile(), ocr };
  const studies = readdirSync(dir)
    .filter((name) => name.startsWith('study-'))
    .map((name) => join(dir, name));
  const summary = await runDeidentification({
    inputs: studies,
    outDir: out,
    quarantineDir: join(dir, `${DEID_DIR}.quarantine`),
    profile,
    key: { key: DEMO_KEY, source: 'the fixed demo key' },
    jobs: 1,
    software: 'radset demo',
  });
  const report = await verifyDeidentification({
    originals: studies,
    outputs: [out],
    options: profile.options,
  });
  context.stdout.write(
    `\nDe-identified into ${out} (fixed demo key, OCR ${ocr ? 'on' : 'off: tesseract not installed'}): ` +
      `${summary.stored} stored, ${summary.quarantined.length} not DICOM or refused (masks and ground truth), ` +
      `${summary.filesPerSecond.toFixed(0)} files/s.\n` +
      `Residual-PHI scan: ${report.candidates.total} identifying values of the originals searched in ` +
      `${report.outputs.files} output files: ${report.hits.length} found (${report.verdict}).\n`,
  );
  return report.hits.length === 0;
}

/**
 * Ingests the demo studies into a project in DIR/radset-data (embedded
 * database, the fixed demo key) and prints what the catalog then holds: the
 * main path of every real dataset (radset init, radset ingest, radset stats).
 */
async function ingestDemo(dir: string, context: CommandContext): Promise<boolean> {
  const dataDir = resolve(dir, DATA_DIR);
  const key = { key: DEMO_KEY, source: 'the fixed demo key' };
  const ocr = spawnSync('tesseract', ['--version']).status === 0;
  await initProject({ dataDir, keyFile: undefined, defaultKeyFile: '', key });
  const project = await openProject({
    dataDir,
    keyFile: undefined,
    key,
    profile: { ...defaultDeidProfile(), ocr },
  });
  try {
    const pipeline = await IngestPipeline.start(project, {
      source: 'folder',
      jobs: defaultIngestJobs(),
      software: 'radset demo',
    });
    const started = performance.now();
    try {
      const studies = readdirSync(dir)
        .filter((name) => name.startsWith('study-'))
        .map((name) => join(dir, name));
      await ingestFolder(pipeline, studies);
    } finally {
      await pipeline.finish();
    }
    const seconds = (performance.now() - started) / 1000;
    const { counts } = pipeline;
    const stats = await catalogStats(project.db);
    const facet = (values: readonly { value: string | null; count: number }[]): string =>
      values.map((v) => `${v.value ?? 'unknown'} ${v.count}`).join(', ');
    context.stdout.write(
      [
        '',
        `Ingested ${dir} into the project ${dataDir} (embedded database) in ${seconds.toFixed(1)} s:`,
        `  ${counts.inputs} inputs: ${counts.stored} stored, ${counts.duplicates} duplicate, ${counts.quarantined} quarantined (the lesion masks and ground-truth files are not DICOM)`,
        `  catalog: ${stats.patients} patients, ${stats.studies} studies, ${stats.series} series, ${stats.instances} instances`,
        `  by modality: ${facet(stats.modality)}; by manufacturer: ${facet(stats.manufacturer)}; by body part: ${facet(stats.bodyPart)}`,
        '',
      ].join('\n'),
    );
    const volumes = await exportDemoVolumes(project.db, project.blobs, join(dir, NIFTI_DIR));
    context.stdout.write(
      [
        `Exported ${volumes.written} CT/MR volumes from the catalog as NIfTI with JSON sidecars into ${join(dir, NIFTI_DIR)}${volumes.warnings > 0 ? ` (${volumes.warnings} warnings, in the sidecars)` : ''}.`,
        `Next: radset search --data-dir ${join(dir, DATA_DIR)} --modality CT    radset stats --data-dir ${join(dir, DATA_DIR)}`,
        `      radset export nifti --data-dir ${join(dir, DATA_DIR)} --series UID --out DIR`,
        '',
      ].join('\n'),
    );
    return stats.instances > 0 && volumes.written > 0;
  } finally {
    await project.close();
  }
}

/**
 * Builds a volume from every CT and MR series in the demo catalog and writes
 * it as NIfTI (what `radset export nifti` does for one series): the step from
 * a catalog to training data.
 */
async function exportDemoVolumes(
  db: Parameters<typeof searchCatalog>[0],
  blobs: BlobPaths,
  outDir: string,
): Promise<{ written: number; warnings: number }> {
  const hits = await searchCatalog(db, { modality: ['CT', 'MR'], limit: 1000 });
  let written = 0;
  let warnings = 0;
  for (const hit of hits.series) {
    const built = await catalogSeriesVolumes(db, blobs, hit.seriesUid, { rowOrder: 'bottom-up' });
    const volumes = built?.volumes ?? [];
    for (const volume of volumes) {
      await writeVolumeNifti(volume, outDir, {
        gzip: true,
        radsetVersion: version(),
        from: 'catalog',
      });
      written++;
      warnings += volume.warnings.length;
    }
  }
  return { written, warnings };
}
