import {
  compileLesions,
  placeLesions,
  type CompiledLesions,
  type SyntheticLesion,
} from './lesions.js';
import {
  fakeCareSetting,
  fakePatient,
  fakeStudyDay,
  type CharacterSetChoice,
  type FakeCareSetting,
  type FakePatient,
} from './fake-identity.js';
import { buildPhantom, compilePhantom, type BodyPart, type CompiledPhantom } from './phantom.js';
import { SeededRandom } from './seeded-random.js';
import { syntheticUid } from './synthetic-uid.js';
import { rotateAboutX, rotateAboutZ, type Vec3 } from './vector.js';
import {
  VENDOR_PROFILES,
  VENDOR_STYLES,
  type SynthModality,
  type VendorProfile,
  type VendorStyle,
} from './vendor-profiles.js';
import { createVolumeGeometry, lpsToVoxel, type VolumeGeometry } from './volume-geometry.js';
import type { EpochDay } from './dicom-date.js';
import type { MrWeighting } from './tissue-values.js';

/** Options that shape one synthetic study. */
export interface StudyPlanOptions {
  /** The run's seed, as given (`--seed`). */
  readonly seed: string;
  /** Position of the study in the run, from 0. */
  readonly index: number;
  readonly modality: SynthModality;
  readonly vendor: VendorStyle;
  /** Slices per CT/MR series. */
  readonly slices: number;
  /** Rows and columns of CT/MR slices; columns of CR images (rows are 1.2× that). */
  readonly size: number;
}

/** What kind of images a series holds. */
export type SeriesKind = 'ct-axial' | 'mr-t1' | 'mr-t2' | 'cr-pa';

/** One series of a planned study. */
export interface SeriesPlan {
  readonly index: number;
  readonly kind: SeriesKind;
  /** Folder name under the study folder, and mask file stem. */
  readonly dirName: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly seriesDescription: string;
  readonly protocolName: string;
  /** Where the pixels are: slices for CT/MR; a one-slice plane (the detector, normal along A–P) for CR. */
  readonly geometry: VolumeGeometry;
  /** MR weighting, for MR series. */
  readonly weighting: MrWeighting | undefined;
  /** Seconds after midnight the series started. */
  readonly startSeconds: number;
}

/** Everything decided about a study before any pixel is rendered. */
export interface StudyPlan {
  readonly seed: string;
  readonly index: number;
  readonly dirName: string;
  readonly modality: SynthModality;
  readonly vendor: VendorProfile;
  readonly characterSet: CharacterSetChoice;
  readonly studyDay: EpochDay;
  readonly studyStartSeconds: number;
  readonly patient: FakePatient;
  readonly care: FakeCareSetting;
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly bodyPart: BodyPart;
  /** Iodinated contrast given (CT only). */
  readonly contrast: boolean;
  readonly phantom: CompiledPhantom;
  readonly lesions: CompiledLesions;
  readonly series: readonly SeriesPlan[];
  /** Model, software, station and serial number of the scanner. */
  readonly equipment: {
    readonly model: string;
    readonly softwareVersions: readonly string[];
    readonly stationName: string;
    readonly serialNumber: string;
  };
  /** Field strength of an MR scanner, T. */
  readonly magneticFieldStrengthT: number;
  /** A stream of randomness for study-level header values. */
  readonly random: SeededRandom;
}

function pickBodyPart(modality: SynthModality, random: SeededRandom): BodyPart {
  if (modality === 'CR') return 'CHEST';
  const roll = random.next();
  if (modality === 'MR') return roll < 0.6 ? 'HEAD' : 'ABDOMEN';
  return roll < 0.45 ? 'CHEST' : roll < 0.8 ? 'ABDOMEN' : 'HEAD';
}

function pickCharacterSet(random: SeededRandom): CharacterSetChoice {
  const roll = random.next();
  return roll < 0.6 ? 'default' : roll < 0.85 ? 'ISO_IR 100' : 'ISO_IR 192';
}

/** The vendor of study `index` when the run asks for a mix: each in turn, from a seeded start. */
export function vendorForStudy(seed: string, index: number): VendorStyle {
  const offset = new SeededRandom(`${seed}:vendor-offset`).int(0, VENDOR_STYLES.length - 1);
  return VENDOR_STYLES[(index + offset) % VENDOR_STYLES.length] ?? 'siemens';
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Volume geometry for a CT series: axial slices through the region centre. */
function ctGeometry(
  plan: { phantom: CompiledPhantom; bodyPart: BodyPart },
  options: StudyPlanOptions,
  random: SeededRandom,
): VolumeGeometry {
  const fovMm =
    plan.bodyPart === 'HEAD'
      ? random.pick([220, 230, 250])
      : random.pick([340, 360, 380, 400, 420]);
  const pixelMm = round(fovMm / options.size, 6);
  const spacingMm = random.pick([1, 1.25, 2, 2.5, 3, 5]);
  const centre = plan.phantom.phantom.regionCentreLps;
  return createVolumeGeometry({
    columns: options.size,
    rows: options.size,
    slices: options.slices,
    columnSpacingMm: pixelMm,
    rowSpacingMm: pixelMm,
    sliceSpacingMm: spacingMm,
    sliceThicknessMm: spacingMm,
    rowDirectionLps: [1, 0, 0],
    columnDirectionLps: [0, 1, 0],
    centreLps: [
      round(centre[0] + random.float(-5, 5), 1),
      round(centre[1] + random.float(-5, 5), 1),
      round(centre[2] + random.float(-10, 10), 1),
    ],
  });
}

/** Volume geometries of the two MR series: T2 axial, T1 axial or oblique (tilted about L–R, then about S). */
function mrGeometries(
  plan: { phantom: CompiledPhantom; bodyPart: BodyPart },
  options: StudyPlanOptions,
  random: SeededRandom,
): [VolumeGeometry, VolumeGeometry] {
  const fovMm =
    plan.bodyPart === 'HEAD' ? random.pick([220, 230, 240]) : random.pick([360, 380, 400]);
  const pixelMm = round(fovMm / options.size, 6);
  const spacingMm = random.pick([4, 5, 6]);
  const gapMm = random.pick([0, 0.5, 1]);
  const c = plan.phantom.phantom.regionCentreLps;
  const centre: Vec3 = [
    round(c[0] + random.float(-3, 3), 1),
    round(c[1] + random.float(-3, 3), 1),
    round(c[2] + random.float(-5, 5), 1),
  ];
  const base = {
    columns: options.size,
    rows: options.size,
    slices: options.slices,
    columnSpacingMm: pixelMm,
    rowSpacingMm: pixelMm,
    sliceSpacingMm: spacingMm,
    sliceThicknessMm: spacingMm - gapMm,
    centreLps: centre,
  };
  const t2 = createVolumeGeometry({
    ...base,
    rowDirectionLps: [1, 0, 0],
    columnDirectionLps: [0, 1, 0],
  });
  let row: Vec3 = [1, 0, 0];
  let column: Vec3 = [0, 1, 0];
  if (random.chance(0.6)) {
    const tiltRad = (random.float(8, 20) * Math.PI) / 180;
    const twistRad = (random.float(-6, 6) * Math.PI) / 180;
    row = rotateAboutZ(rotateAboutX(row, tiltRad), twistRad);
    column = rotateAboutZ(rotateAboutX(column, tiltRad), twistRad);
  }
  // Direction cosines as a scanner writes them: six decimals.
  const six = (v: Vec3): Vec3 => [round(v[0], 6), round(v[1], 6), round(v[2], 6)];
  const t1 = createVolumeGeometry({
    ...base,
    rowDirectionLps: six(row),
    columnDirectionLps: six(column),
  });
  return [t1, t2];
}

/** The detector plane of a PA chest radiograph as a one-slice geometry: rows towards the feet, columns towards patient left. */
function crGeometry(
  plan: { phantom: CompiledPhantom },
  options: StudyPlanOptions,
  random: SeededRandom,
): VolumeGeometry {
  const columns = options.size;
  const rows = Math.round(options.size * 1.2);
  const spacingMm = round(random.pick([350, 356, 360]) / columns, 6);
  const c = plan.phantom.phantom.regionCentreLps;
  return createVolumeGeometry({
    columns,
    rows,
    slices: 1,
    columnSpacingMm: spacingMm,
    rowSpacingMm: spacingMm,
    sliceSpacingMm: 1,
    sliceThicknessMm: 1,
    rowDirectionLps: [1, 0, 0],
    columnDirectionLps: [0, 0, -1],
    centreLps: [round(c[0], 1), 0, round(c[2] - 40 + random.float(-10, 10), 1)],
  });
}

/** Whether a lesion centred at a point with this radius lies inside a volume's field of view (its centre within the slab). */
function coveredBy(geometry: VolumeGeometry, centreLps: Vec3, radiusMm: number): boolean {
  const [i, j, k] = lpsToVoxel(geometry, centreLps);
  const marginI = radiusMm / geometry.columnSpacingMm + 1;
  const marginJ = radiusMm / geometry.rowSpacingMm + 1;
  return (
    i >= marginI &&
    i <= geometry.columns - 1 - marginI &&
    j >= marginJ &&
    j <= geometry.rows - 1 - marginJ &&
    k >= 0 &&
    k <= geometry.slices - 1
  );
}

function lesionRadiusRange(
  modality: SynthModality,
  bodyPart: BodyPart,
  geometries: readonly VolumeGeometry[],
): [number, number] {
  const base: [number, number] =
    modality === 'CR'
      ? [7, 15]
      : bodyPart === 'CHEST'
        ? [3.5, 12]
        : bodyPart === 'ABDOMEN'
          ? [6, 18]
          : [4, 11];
  if (modality === 'CR') {
    const g = geometries[0];
    const pixel = g === undefined ? 0 : Math.max(g.columnSpacingMm, g.rowSpacingMm);
    return [Math.max(base[0], pixel * 2), Math.max(base[1], pixel * 4)];
  }
  // The voxel nearest a lesion centre must lie inside the lesion: radius above half the voxel diagonal.
  const halfDiagonal = Math.max(
    ...geometries.map((g) => 0.5 * Math.hypot(g.columnSpacingMm, g.rowSpacingMm, g.sliceSpacingMm)),
  );
  const min = Math.max(base[0], halfDiagonal / 0.8 + 0.5);
  return [min, Math.max(base[1], min * 1.5)];
}

const DESCRIPTIONS: Readonly<Record<BodyPart, { readonly ct: string; readonly mr: string }>> = {
  CHEST: { ct: 'CT CHEST', mr: 'MR CHEST' },
  ABDOMEN: { ct: 'CT ABDOMEN PELVIS', mr: 'MR ABDOMEN' },
  HEAD: { ct: 'CT HEAD', mr: 'MR BRAIN' },
};

/** Series Description as each vendor's consoles name such series. */
function seriesDescription(
  vendor: VendorStyle,
  kind: SeriesKind,
  geometry: VolumeGeometry,
  bodyPart: BodyPart,
  contrast: boolean,
): string {
  const oblique = Math.abs(geometry.normalLps[2]) < 0.9999;
  const thickness = geometry.sliceThicknessMm;
  switch (kind) {
    case 'ct-axial':
      return vendor === 'ge'
        ? `${bodyPart === 'HEAD' ? 'Head' : 'Body'} ${thickness}mm ${contrast ? 'C+' : 'NC'}`
        : vendor === 'siemens'
          ? `${bodyPart === 'HEAD' ? 'Kopf' : 'Body'} ${thickness} ${contrast ? 'CE' : 'nativ'}`
          : `${bodyPart} ${thickness}mm ${contrast ? 'W/' : 'W/O'}`;
    case 'mr-t1':
      return vendor === 'siemens'
        ? `t1_se_${oblique ? 'tra_obl' : 'tra'}`
        : vendor === 'ge'
          ? `${oblique ? 'Obl' : 'Ax'} T1 SE`
          : vendor === 'philips'
            ? `T1W_SE${oblique ? '_OBL' : ''}`
            : `T1W_SE_${oblique ? 'OBL' : 'AX'}`;
    case 'mr-t2':
      return vendor === 'siemens'
        ? 't2_tse_tra'
        : vendor === 'ge'
          ? 'Ax T2 FSE'
          : vendor === 'philips'
            ? 'T2W_TSE'
            : 'T2W_FSE_AX';
    case 'cr-pa':
      return vendor === 'ge' ? 'Chest PA' : vendor === 'siemens' ? 'Thorax pa' : 'CHEST PA';
  }
}

/**
 * Decides everything about study `options.index`: identity, equipment,
 * anatomy, lesions and series geometry. Every draw comes from streams forked
 * from the seed and the study index, so a study is the same whatever else
 * the run contains.
 */
export function planStudy(options: StudyPlanOptions): StudyPlan {
  const root = new SeededRandom(`${options.seed}:study:${options.index}`);
  const random = root.fork('headers');
  const vendor = VENDOR_PROFILES[options.vendor];
  const characterSet = pickCharacterSet(root.fork('charset'));
  const studyDay = fakeStudyDay(root.fork('date'));
  const care = fakeCareSetting(root.fork('care'), characterSet);
  const patient = fakePatient(root.fork('patient'), characterSet, studyDay, care.issuer);
  const anatomyRandom = root.fork('anatomy');
  const bodyPart = pickBodyPart(options.modality, anatomyRandom);
  const phantom = compilePhantom(buildPhantom(bodyPart, anatomyRandom));
  const contrast = options.modality === 'CT' && bodyPart !== 'HEAD' && anatomyRandom.chance(0.5);
  const studyInstanceUid = syntheticUid(options.seed, `study/${options.index}`);
  const frameOfReferenceUid = syntheticUid(
    options.seed,
    `study/${options.index}/frame-of-reference`,
  );
  const studyStartSeconds = random.int(7 * 3600, 19 * 3600);
  const geometryRandom = root.fork('geometry');

  const kinds: {
    kind: SeriesKind;
    geometry: VolumeGeometry;
    weighting: MrWeighting | undefined;
  }[] = [];
  if (options.modality === 'CT') {
    kinds.push({
      kind: 'ct-axial',
      geometry: ctGeometry({ phantom, bodyPart }, options, geometryRandom),
      weighting: undefined,
    });
  } else if (options.modality === 'MR') {
    const [t1, t2] = mrGeometries({ phantom, bodyPart }, options, geometryRandom);
    kinds.push(
      { kind: 'mr-t2', geometry: t2, weighting: 'T2' },
      { kind: 'mr-t1', geometry: t1, weighting: 'T1' },
    );
  } else {
    kinds.push({
      kind: 'cr-pa',
      geometry: crGeometry({ phantom }, options, geometryRandom),
      weighting: undefined,
    });
  }
  const geometries = kinds.map((k) => k.geometry);
  const lesionRandom = root.fork('lesions');
  const lungShapes = phantom.phantom.shapes.filter((s) => s.tissue === phantom.phantom.lesionHost);
  const lesionList: SyntheticLesion[] = placeLesions(
    phantom,
    {
      count: lesionRandom.int(1, 3),
      radiusRangeMm: lesionRadiusRange(options.modality, bodyPart, geometries),
      sampleCentreLps:
        options.modality === 'CR'
          ? (r) => {
              const shape = r.pick(lungShapes);
              return [
                shape.centreLps[0] + r.float(-1, 1) * shape.radiiMm[0],
                shape.centreLps[1] + r.float(-1, 1) * shape.radiiMm[1],
                shape.centreLps[2] + r.float(-1, 1) * shape.radiiMm[2],
              ];
            }
          : (r) => {
              const g = r.pick(geometries);
              const i = r.float(0, g.columns - 1);
              const j = r.float(0, g.rows - 1);
              const k = r.float(0, g.slices - 1);
              return [
                g.originLps[0] +
                  g.rowDirectionLps[0] * i * g.columnSpacingMm +
                  g.columnDirectionLps[0] * j * g.rowSpacingMm +
                  g.normalLps[0] * k * g.sliceSpacingMm,
                g.originLps[1] +
                  g.rowDirectionLps[1] * i * g.columnSpacingMm +
                  g.columnDirectionLps[1] * j * g.rowSpacingMm +
                  g.normalLps[1] * k * g.sliceSpacingMm,
                g.originLps[2] +
                  g.rowDirectionLps[2] * i * g.columnSpacingMm +
                  g.columnDirectionLps[2] * j * g.rowSpacingMm +
                  g.normalLps[2] * k * g.sliceSpacingMm,
              ];
            },
      accept:
        options.modality === 'CR'
          ? (centre, radius) => {
              const g = geometries[0] as VolumeGeometry;
              const [i, j] = lpsToVoxel(g, centre);
              const margin = radius / g.columnSpacingMm + 2;
              return (
                i >= margin &&
                i <= g.columns - 1 - margin &&
                j >= margin &&
                j <= g.rows - 1 - margin
              );
            }
          : (centre, radius) => geometries.every((g) => coveredBy(g, centre, radius)),
    },
    lesionRandom,
  );

  const descriptions = DESCRIPTIONS[bodyPart];
  const series: SeriesPlan[] = kinds.map((k, index) => {
    const start = studyStartSeconds + 120 + index * random.int(240, 420);
    const description = seriesDescription(vendor.style, k.kind, k.geometry, bodyPart, contrast);
    return {
      index,
      kind: k.kind,
      dirName: `series-${String(index + 1).padStart(2, '0')}`,
      seriesInstanceUid: syntheticUid(options.seed, `study/${options.index}/series/${index}`),
      seriesNumber: options.modality === 'CR' ? 1 : index + 2,
      seriesDescription: description,
      protocolName:
        options.modality === 'CR'
          ? 'CHEST PA'
          : options.modality === 'CT'
            ? `${descriptions.ct.replace('CT ', '')} ${contrast ? 'W CONTRAST' : 'ROUTINE'}`
            : `${descriptions.mr.replace('MR ', '')} ROUTINE`,
      geometry: k.geometry,
      weighting: k.weighting,
      startSeconds: start,
    };
  });

  const equipmentRandom = root.fork('equipment');
  return {
    seed: options.seed,
    index: options.index,
    dirName: `study-${String(options.index + 1).padStart(4, '0')}`,
    modality: options.modality,
    vendor,
    characterSet,
    studyDay,
    studyStartSeconds,
    patient,
    care,
    studyInstanceUid,
    frameOfReferenceUid,
    bodyPart,
    contrast,
    phantom,
    lesions: compileLesions(lesionList),
    series,
    equipment: {
      model: equipmentRandom.pick(vendor.models[options.modality]),
      softwareVersions: equipmentRandom.pick(vendor.softwareVersions[options.modality]),
      stationName: equipmentRandom.pick(vendor.stationNames[options.modality]),
      serialNumber: equipmentRandom.digits(equipmentRandom.int(5, 6)),
    },
    magneticFieldStrengthT: equipmentRandom.pick(vendor.mr.fieldStrengthsT),
    random,
  };
}
