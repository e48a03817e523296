/**
 * The synthetic PHI test set end to end: every file reads back (radset,
 * pydicom, dciodvfy), every planted value sits where the manifest says —
 * in its element's encoded bytes or, for burned-in text, in inked pixels —
 * every cross-file reference resolves, and the same seed gives the same bytes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeText,
  isStringVr,
  readDicomFileSync,
  type DataElement,
  type Dataset,
  type DicomFile,
} from '../src/dicom/index.js';
import {
  PHI_MANIFEST_FILE,
  generatePhiSet,
  type PhiSetManifest,
  type PlantedPhi,
} from '../src/synth/index.js';
import { runCli } from './support/cli.js';
import { PYTHON3, requirePeer } from './support/peers.js';

const SEED = 'phi-test';

/**
 * dciodvfy errors allowed per file (regressions show as a higher count). All
 * files validate without errors; the deflated file is checked after
 * `dcmconv +te` inflates it, because dicom3tools' dciodvfy does not read
 * Deflated Explicit VR Little Endian (it fails on the corpus's deflated
 * files too). Warnings are expected: the planted attributes the IODs do not
 * define ("not present in standard DICOM IOD"), retired curve and overlay
 * comment elements, the private coding scheme 99SYNPHI.
 */
const DCIODVFY_ERROR_BASELINE: Readonly<Record<string, number>> = {
  DICOMDIR: 0,
  'PAT1/STUDY1/SER1/IM1': 0,
  'PAT1/STUDY1/SER1/IM2': 0,
  'PAT1/STUDY2/SER1/IM1': 0,
  'PAT1/STUDY2/SER1/IM2': 0,
  'PAT1/STUDY2/SER2/IM1': 0,
  'PAT1/STUDY2/SER3/IM1': 0,
  'PAT1/STUDY2/SER4/IM1': 0,
  'PAT1/STUDY2/SER5/IM1': 0,
  'PAT1/STUDY3/SER1/IM1': 0,
  'PAT1/STUDY3/SER1/IM2': 0,
  'PAT2/STUDY1/SER1/IM1': 0,
  'PAT2/STUDY2/SER1/IM1': 0,
  'PAT2/STUDY2/SER2/IM1': 0,
  'PAT2/STUDY3/SER1/IM1': 0,
  'PAT3/STUDY1/SER1/IM1': 0,
  'PAT3/STUDY2/SER1/IM1': 0,
};

const DEFLATED = '1.2.840.10008.1.2.1.99';

let root: string;
let dirA: string;
let manifest: PhiSetManifest;
const files = new Map<string, DicomFile>();

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function fileOf(path: string): DicomFile {
  let file = files.get(path);
  if (file === undefined) {
    file = readDicomFileSync(join(dirA, path));
    files.set(path, file);
  }
  return file;
}

/** The element a manifest path names, and the data set (item) holding it. */
function elementAt(
  dataset: Dataset,
  location: string,
): { element: DataElement; holder: Dataset } | undefined {
  let holder = dataset;
  const steps = location.split('/');
  for (const [i, step] of steps.entries()) {
    const match = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)(?:\[(\d+)\])?$/.exec(step);
    if (match === null) throw new Error(`bad manifest location '${location}'`);
    const tag = Number.parseInt(`${match[1]}${match[2]}`, 16) >>> 0;
    const element = holder.elements.get(tag);
    if (element === undefined) return undefined;
    if (i === steps.length - 1) return { element, holder };
    const item = element.items?.[Number(match[3])];
    if (item === undefined) return undefined;
    holder = item;
  }
  return undefined;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(
    Buffer.from(needle.buffer, needle.byteOffset, needle.byteLength),
  );
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** How `value` looks in its element: encoded in the character set in force, or Latin-1 in a binary value. */
function encodedValue(value: string, element: DataElement, holder: Dataset): Uint8Array {
  return isStringVr(element.vr)
    ? encodeText(value, holder.characterSets(), element.vr)
    : latin1(value);
}

/** Fraction of pixels in the box whose every sample is at least `threshold`. */
function brightFraction(
  samples: ArrayLike<number>,
  columns: number,
  samplesPerPixel: number,
  box: NonNullable<PlantedPhi['box']>,
  threshold: number,
): number {
  let bright = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      let all = true;
      for (let s = 0; s < samplesPerPixel; s++)
        if ((samples[(y * columns + x) * samplesPerPixel + s] ?? 0) < threshold) all = false;
      if (all) bright++;
    }
  }
  return bright / (box.width * box.height);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'radset-phi-set-'));
  dirA = join(root, 'a');
  manifest = await generatePhiSet({ outDir: dirA, seed: SEED });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the PHI set manifest', () => {
  it('lists every file written, and only those', () => {
    const onDisk = walk(dirA)
      .map((f) => f.slice(dirA.length + 1))
      .filter((f) => f !== PHI_MANIFEST_FILE)
      .sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk);
    expect(manifest.files).toHaveLength(17);
    expect(JSON.parse(readFileSync(join(dirA, PHI_MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    for (const path of onDisk) {
      if (path === 'DICOMDIR') continue;
      // PS3.10 File IDs: up to 8 characters of A-Z, 0-9 and _ per component.
      for (const part of path.split('/')) expect(part).toMatch(/^[A-Z0-9_]{1,8}$/);
    }
  });

  it('has three patients, each with a prior and a follow-up on different dates', () => {
    expect(manifest.patients).toHaveLength(3);
    for (const patient of manifest.patients) {
      expect(patient.studies.length).toBeGreaterThanOrEqual(2);
      expect(new Set(patient.studies.map((s) => s.studyDate)).size).toBeGreaterThanOrEqual(2);
    }
    expect(manifest.patients[0]).toMatchObject({
      patientName: 'SMITH^JOHN',
      patientId: '12345678',
    });
  });

  it('covers transfer syntaxes, character sets and Burned In Annotation values', () => {
    const syntaxes = new Set(manifest.files.map((f) => f.transferSyntaxUid));
    for (const uid of [
      '1.2.840.10008.1.2',
      '1.2.840.10008.1.2.1',
      '1.2.840.10008.1.2.2',
      DEFLATED,
      '1.2.840.10008.1.2.4.50',
    ])
      expect(syntaxes).toContain(uid);
    const charsets = new Set(manifest.files.map((f) => f.characterSets.join('\\')));
    expect(charsets).toContain('ISO_IR 100');
    expect(charsets).toContain('\\ISO 2022 IR 87');
    const burned = new Set(manifest.files.map((f) => f.burnedInAnnotation));
    expect(burned).toEqual(new Set(['YES', 'NO', null]));
  });

  it('plants every kind of identifier in every risky place', () => {
    const kinds = new Set(manifest.planted.map((p) => p.kind));
    for (const kind of [
      'name',
      'id',
      'date',
      'datetime',
      'time',
      'age',
      'address',
      'phone',
      'uid',
      'institution',
      'text',
    ] as const)
      expect(kinds).toContain(kind);
    const locations = manifest.planted.map((p) => p.location);
    const somewhere = (pattern: RegExp): boolean => locations.some((l) => pattern.test(l));
    const places: Record<string, RegExp> = {
      'Other Patient IDs > Patient ID': /^\(0010,1002\)\[1\]\/\(0010,0020\)$/,
      'Request Attributes > Requested Procedure Description': /^\(0040,0275\)\[0\]\/\(0032,1060\)$/,
      'Referenced Patient Sequence': /^\(0008,1120\)\[0\]\//,
      'Contribution DateTime': /^\(0018,A001\)\[0\]\/\(0018,A002\)$/,
      'Procedure Code Sequence': /^\(0008,1032\)\[0\]\//,
      'Performed Protocol Code Sequence': /^\(0040,0260\)\[0\]\//,
      'Per-frame Functional Groups': /^\(5200,9230\)\[1\]\/\(0020,9111\)\[0\]\/\(0018,9074\)$/,
      'private sequence in a public one': /^\(5200,9229\)\[0\]\/\(0051,1001\)\[0\]\/\(0010,0010\)$/,
      'SR content three levels down':
        /^\(0040,A730\)\[\d+\]\/\(0040,A730\)\[\d+\]\/\(0040,A730\)\[\d+\]\/\(0040,A160\)$/,
      'SR person name': /^\(0040,A730\)\[\d+\]\/\(0040,A123\)$/,
      'overlay comments': /^\(6000,4000\)$/,
      'overlay bits': /^overlay 6000$/,
      'icon pixels': /^icon$/,
      'curve description': /^\(5000,0022\)$/,
      'burned-in pixels': /^pixels$/,
      'GE private': /^\(0009,10E3\)$/,
      'Siemens private': /^\(0013,1020\)$/,
      'Siemens MEDCOM blob': /^\(0029,1140\)\[0\]\/\(0029,1144\)$/,
      'Philips private': /^\(2005,1191\)$/,
      'Canon private': /^\(0009,1001\)$/,
      'Agfa private': /^\(0035,1000\)$/,
      DICOMDIR: /^\(0004,1220\)\[\d+\]\/\(0010,0010\)$/,
    };
    for (const [place, pattern] of Object.entries(places))
      expect(somewhere(pattern), place).toBe(true);
    expect(
      manifest.planted.some(
        (p) => p.location === 'pixels' && p.value === 'SMITH^JOHN  MRN 12345678  2023-04-05',
      ),
    ).toBe(true);
    // Short values would turn up by chance in other numbers and pixel bytes of a de-identified output.
    expect(manifest.planted.filter((p) => p.value.length < 4)).toEqual([]);
  });

  it('lists safe private elements of several vendors from both references', () => {
    const creators = new Set(manifest.safePrivate.map((s) => s.creator));
    for (const creator of [
      'GEMS_PARM_01',
      'GEMS_ACQU_01',
      'SIEMENS CT VA0  COAD',
      'Philips MR Imaging DD 001',
      'TOSHIBA_MEC_CT3',
      'Agfa ADC NX',
    ])
      expect(creators).toContain(creator);
    expect(new Set(manifest.safePrivate.map((s) => s.source))).toEqual(
      new Set(['PS3.15 E.3.10-1', 'TCIA private tag KB']),
    );
    expect(manifest.safePrivate).toContainEqual(
      expect.objectContaining({ location: '(2005,100E)', creator: 'Philips MR Imaging DD 001' }),
    );
  });
});

describe('the PHI set files', () => {
  it('all read back with radset, with the manifest’s SOP instance UIDs', () => {
    for (const entry of manifest.files) {
      const file = fileOf(entry.path);
      expect(file.transferSyntaxUid, entry.path).toBe(entry.transferSyntaxUid);
      expect(file.meta.string('MediaStorageSOPInstanceUID'), entry.path).toBe(entry.sopInstanceUid);
      if (entry.path === 'DICOMDIR') continue;
      expect(file.dataset.string('SOPClassUID'), entry.path).toBe(entry.sopClassUid);
      expect(file.dataset.string('PatientID'), entry.path).toBe(entry.patientId);
      const burned = file.dataset.string('BurnedInAnnotation') ?? null;
      expect(burned, entry.path).toBe(entry.burnedInAnnotation);
    }
  });

  it('hold every planted header value in its element, encoded in the character set in force', () => {
    const missing: string[] = [];
    for (const plant of manifest.planted) {
      if (plant.box !== undefined) continue;
      const file = fileOf(plant.file);
      const found = elementAt(file.dataset, plant.location);
      if (found === undefined) {
        missing.push(`${plant.file} ${plant.location}: no such element`);
        continue;
      }
      const { element, holder } = found;
      const value = element.bytes?.subarray(element.offset, element.offset + element.length);
      const needle = encodedValue(plant.value, element, holder);
      if (value === undefined || !contains(value, needle))
        missing.push(`${plant.file} ${plant.location}: '${plant.value}' not in the value`);
      // And in the file's bytes, where they are not compressed.
      const entry = manifest.files.find((f) => f.path === plant.file);
      if (
        entry?.transferSyntaxUid !== DEFLATED &&
        !contains(readFileSync(join(dirA, plant.file)), needle)
      )
        missing.push(`${plant.file}: '${plant.value}' not in the file bytes`);
    }
    expect(missing).toEqual([]);
  });

  it('show every burned-in, overlay and icon label as bright pixels in its box', async () => {
    const pixelPlants = manifest.planted.filter((p) => p.box !== undefined);
    expect(new Set(pixelPlants.map((p) => p.location))).toEqual(
      new Set(['pixels', 'overlay 6000', 'icon']),
    );
    for (const plant of pixelPlants) {
      const box = plant.box;
      if (box === undefined) continue;
      const file = fileOf(plant.file);
      const label = `${plant.file} ${plant.location} '${plant.value}'`;
      if (plant.location === 'pixels') {
        const frame = await decodeFrame(file, plant.frame ?? 0);
        const d = frame.description;
        const threshold = 0.8 * (2 ** d.BitsStored - 1);
        expect(
          brightFraction(frame.values, d.Columns, d.SamplesPerPixel, box, threshold),
          label,
        ).toBeGreaterThan(0.1);
      } else if (plant.location === 'overlay 6000') {
        const rows = file.dataset.number(0x60000010) ?? 0;
        const columns = file.dataset.number(0x60000011) ?? 0;
        const words = file.dataset.numbers(0x60003000) ?? [];
        const bits = Uint8Array.from(
          { length: rows * columns },
          (_, i) => ((words[i >>> 4] ?? 0) >> (i & 15)) & 1,
        );
        expect(brightFraction(bits, columns, 1, box, 1), label).toBeGreaterThan(0.1);
      } else {
        const icon = file.dataset.sequence('IconImageSequence')?.[0];
        const pixels = icon?.bytes('PixelData') ?? new Uint8Array(0);
        expect(
          brightFraction(pixels, icon?.number('Columns') ?? 0, 1, box, 200),
          label,
        ).toBeGreaterThan(0.1);
      }
    }
  });

  it('reference UIDs that files of the set define', () => {
    expect(manifest.references.length).toBeGreaterThan(20);
    const defining = {
      instance: 'SOPInstanceUID',
      series: 'SeriesInstanceUID',
      study: 'StudyInstanceUID',
      'frame-of-reference': 'FrameOfReferenceUID',
    } as const;
    for (const ref of manifest.references) {
      expect(existsSync(join(dirA, ref.toFile)), ref.toFile).toBe(true);
      const found = elementAt(fileOf(ref.fromFile).dataset, ref.path);
      expect(found?.holder.strings(found.element.tag), `${ref.fromFile} ${ref.path}`).toContain(
        ref.uid,
      );
      expect(fileOf(ref.toFile).dataset.string(defining[ref.target]), ref.toFile).toBe(ref.uid);
    }
    const from = (file: string): Set<string> =>
      new Set(manifest.references.filter((r) => r.fromFile === file).map((r) => r.target));
    // The SR, KO and RT structure set point at images; the DICOMDIR at every instance.
    expect(from('PAT1/STUDY2/SER3/IM1')).toContain('instance');
    expect(from('PAT1/STUDY2/SER4/IM1')).toContain('instance');
    expect(from('PAT1/STUDY2/SER5/IM1')).toEqual(
      new Set(['instance', 'series', 'study', 'frame-of-reference']),
    );
    expect(
      manifest.references.filter((r) => r.fromFile === 'DICOMDIR' && r.target === 'instance'),
    ).toHaveLength(manifest.files.length - 1);
  });

  it('are the same bytes for the same seed, different UIDs for another', async () => {
    const dirB = join(root, 'b');
    await generatePhiSet({ outDir: dirB, seed: SEED });
    for (const entry of [...manifest.files.map((f) => f.path), PHI_MANIFEST_FILE])
      expect(readFileSync(join(dirB, entry)).equals(readFileSync(join(dirA, entry))), entry).toBe(
        true,
      );
    const other = await generatePhiSet({ outDir: join(root, 'c'), seed: 'phi-other' });
    expect(other.files.map((f) => f.path)).toEqual(manifest.files.map((f) => f.path));
    expect(other.files[0]?.sopInstanceUid).not.toBe(manifest.files[0]?.sopInstanceUid);
    expect(other.patients[0]?.patientName).toBe('SMITH^JOHN');
  });
});

describe('the PHI set and real peers', () => {
  it('pydicom reads every file and the DICOMDIR as a file-set of existing files', (ctx) => {
    requirePeer(ctx, 'pydicom', { pythonModule: 'pydicom' });
    const script = [
      'import sys, json, os, pydicom',
      'from pydicom.fileset import FileSet',
      'root = sys.argv[1]',
      'out = {"read": 0, "fileset": []}',
      'for path in sys.argv[2:]:',
      '    ds = pydicom.dcmread(os.path.join(root, path))',
      '    for elem in ds.iterall():',
      '        elem.value',
      '    out["read"] += 1',
      'fs = FileSet(pydicom.dcmread(os.path.join(root, "DICOMDIR")))',
      'for inst in fs:',
      '    out["fileset"].append([os.path.relpath(inst.path, root), inst.SOPInstanceUID, str(inst.load().PatientID)])',
      'print(json.dumps(out))',
    ].join('\n');
    const paths = manifest.files.map((f) => f.path);
    const result = JSON.parse(
      execFileSync(PYTHON3, ['-c', script, dirA, ...paths], { encoding: 'utf8' }),
    ) as { read: number; fileset: [string, string, string][] };
    expect(result.read).toBe(paths.length);
    expect(result.fileset.map(([path, uid, id]) => [path, uid, id])).toEqual(
      manifest.files
        .filter((f) => f.path !== 'DICOMDIR')
        .map((f) => [f.path, f.sopInstanceUid, f.patientId]),
    );
  });

  it('dciodvfy reports no more errors than the documented baseline', (ctx) => {
    requirePeer(ctx, 'dciodvfy');
    requirePeer(ctx, 'dcmconv');
    const counts: Record<string, number> = {};
    for (const entry of manifest.files) {
      let path = join(dirA, entry.path);
      if (entry.transferSyntaxUid === DEFLATED) {
        const inflated = join(root, 'inflated.dcm');
        execFileSync('dcmconv', ['+te', path, inflated]);
        path = inflated;
      }
      const result = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
      const output = `${result.stdout}${result.stderr}`;
      counts[entry.path] = output.split('\n').filter((line) => line.startsWith('Error')).length;
    }
    for (const [path, count] of Object.entries(counts))
      expect(count, path).toBeLessThanOrEqual(DCIODVFY_ERROR_BASELINE[path] ?? 0);
    expect(Object.keys(counts).sort()).toEqual(Object.keys(DCIODVFY_ERROR_BASELINE).sort());
  });
});

describe('radset synth --phi', () => {
  it('writes the set and the manifest', async () => {
    const out = join(root, 'cli');
    const result = await runCli(['synth', '--phi', '--out', out, '--seed', 'cli']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote 17 files (3 patients');
    expect(result.stdout).toContain(PHI_MANIFEST_FILE);
    expect(statSync(join(out, 'DICOMDIR')).size).toBeGreaterThan(0);
    const written = JSON.parse(
      readFileSync(join(out, PHI_MANIFEST_FILE), 'utf8'),
    ) as PhiSetManifest;
    expect(written.seed).toBe('cli');
  });

  it('refuses the study-set options with --phi', async () => {
    const result = await runCli(['synth', '--phi', '--out', join(root, 'x'), '--studies', '2']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--studies cannot be combined with --phi');
  });
});
