import { join } from 'node:path';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  writePart10,
} from '../../dicom/index.js';
import { writeFileAtomicSync } from '../../store/index.js';
import { formatDa } from '../dicom-date.js';
import { SeededRandom } from '../seeded-random.js';
import { enhancedCtImage, ctImage, legacyCtImage } from './phi-ct.js';
import { encodeDicomdir, MEDIA_STORAGE_DIRECTORY_STORAGE } from './phi-dicomdir.js';
import { keyObjectSelection, rtStructureSet, srReport } from './phi-documents.js';
import {
  PHI_INSTITUTIONS,
  isoDate,
  phiCare,
  phiPatients,
  type PhiPatient,
} from './phi-identities.js';
import {
  PHI_MANIFEST_FILE,
  PHI_MANIFEST_VERSION,
  type PhiFileEntry,
  type PhiReference,
  type PhiSetManifest,
  type PlantedPhi,
  type SafePrivateElement,
} from './phi-manifest.js';
import {
  contributingEquipment,
  familyName,
  phiUid,
  spacedName,
  type PhiEquipment,
  type PhiSeries,
  type PhiStudy,
} from './phi-modules.js';
import { mrImage } from './phi-mr.js';
import { fileIdOf, type PhiObject } from './phi-object.js';
import {
  radiographImage,
  screenshotImage,
  ultrasoundImage,
  ultrasoundJpegImage,
} from './phi-burned-images.js';
import {
  agfaPrivate,
  canonPrivate,
  gePrivate,
  philipsPrivate,
  siemensPrivate,
} from './phi-private-groups.js';
import { buildTracked, mark } from './phi-tree.js';
import { UidRegistry, uidReferences } from './uid-references.js';

/** What to generate and where. */
export interface PhiSetOptions {
  readonly outDir: string;
  /** Seed for UIDs, patients 2 and 3, staff, intervals and noise; default `phi-1`. */
  readonly seed?: string;
}

/** The default seed. */
export const PHI_SET_DEFAULT_SEED = 'phi-1';

/** File name of the set's DICOMDIR (PS3.10 section 8.6). */
export const PHI_DICOMDIR_FILE = 'DICOMDIR';

const EQUIPMENT = {
  siemens: {
    manufacturer: 'SIEMENS',
    model: 'SOMATOM Definition AS',
    stationName: 'CTAWP73512',
    serialNumber: '73512',
    softwareVersions: 'syngo CT 2012B',
  },
  ge: {
    manufacturer: 'GE MEDICAL SYSTEMS',
    model: 'LightSpeed VCT',
    stationName: 'CT01GEVCT',
    serialNumber: '4417GE0091',
    softwareVersions: 'LightSpeedverrel',
  },
  philipsUs: {
    manufacturer: 'Philips Medical Systems',
    model: 'EPIQ 7G',
    stationName: 'US-EPIQ-3',
    serialNumber: 'US0093311',
    softwareVersions: '5.0.2',
  },
  philipsMr: {
    manufacturer: 'Philips Medical Systems',
    model: 'Ingenia',
    stationName: 'PHMR-ING1',
    serialNumber: '42871',
    softwareVersions: '5.7.1',
  },
  agfa: {
    manufacturer: 'AGFA',
    model: 'CR 85-X',
    stationName: 'AGFACR01',
    serialNumber: 'CR85X-2211',
    softwareVersions: 'NX 3.0',
  },
  canon: {
    manufacturer: 'TOSHIBA',
    model: 'Aquilion ONE',
    stationName: 'KBI-CT-2',
    serialNumber: 'WDC1382104',
    softwareVersions: 'V8.3',
  },
} as const satisfies Record<string, PhiEquipment>;

function makeStudy(
  seed: string,
  patient: PhiPatient,
  folder: string,
  day: number,
  description: { readonly text: string; readonly marks: readonly ReturnType<typeof mark>[] },
  institution: { readonly name: string; readonly address: string },
  equipment: PhiEquipment,
): PhiStudy {
  const random = new SeededRandom(`${seed}:phi-set:study:${patient.folder}/${folder}`);
  return {
    seed,
    patient,
    folder,
    day,
    startSeconds: random.int(8 * 3600, 16 * 3600) + 0.125,
    description: description.text,
    descriptionMarks: description.marks,
    care: phiCare(seed, `${patient.folder}/${folder}`, institution),
    equipment,
    studyInstanceUid: phiUid(seed, `study/${patient.folder}/${folder}`),
  };
}

function makeSeries(
  study: PhiStudy,
  folder: string,
  number: number,
  modality: string,
  description: { readonly text: string; readonly marks: readonly ReturnType<typeof mark>[] },
): PhiSeries {
  const key = `${study.patient.folder}/${study.folder}`;
  return {
    study,
    folder,
    number,
    modality,
    seriesInstanceUid: phiUid(study.seed, `series/${key}/${folder}`),
    // One frame of reference per study: its image series are registered to each other.
    frameOfReferenceUid: phiUid(study.seed, `frame-of-reference/${key}`),
    description: description.text,
    descriptionMarks: description.marks,
    startSeconds: study.startSeconds + 120 * number,
  };
}

/** Patient 1: a Siemens CT prior, a GE CT follow-up with enhanced CT, SR, KO and RT structure set, and an ultrasound. */
async function patientOneObjects(seed: string, p: PhiPatient): Promise<PhiObject[]> {
  const spaced = spacedName(p.name);
  const prior = makeStudy(
    seed,
    p,
    'STUDY1',
    p.priorDay,
    { text: `CT CHEST BASELINE ${spaced}`, marks: [mark('name', spaced)] },
    PHI_INSTITUTIONS.aldric,
    EQUIPMENT.siemens,
  );
  const followUp = makeStudy(
    seed,
    p,
    'STUDY2',
    p.priorDay + p.followUpDays,
    { text: `CT CHEST FOLLOW-UP ${spaced}`, marks: [mark('name', spaced)] },
    PHI_INSTITUTIONS.aldric,
    EQUIPMENT.ge,
  );
  const us = makeStudy(
    seed,
    p,
    'STUDY3',
    p.priorDay + p.followUpDays,
    { text: `US ABDOMEN MRN ${p.id}`, marks: [mark('id', p.id)] },
    PHI_INSTITUTIONS.northbrook,
    EQUIPMENT.philipsUs,
  );
  const dated = (
    study: PhiStudy,
    text: string,
  ): { text: string; marks: ReturnType<typeof mark>[] } => ({
    text: `${text} ${formatDa(study.day)}`,
    marks: [mark('date', formatDa(study.day))],
  });
  const priorCt = makeSeries(prior, 'SER1', 1, 'CT', dated(prior, 'CHEST 2.5MM'));
  const priorImages = [1, 2].map((n) =>
    ctImage({
      series: priorCt,
      fileName: `IM${n}`,
      instanceNumber: n,
      transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
      vendorPrivate: siemensPrivate(prior),
      burnedInAnnotation: 'NO',
      description:
        'Siemens CT prior, explicit VR LE, Burned In Annotation NO (the normal case); SIEMENS CM VA0 CMS, CSA and MEDCOM private PHI',
    }),
  );
  const ct = makeSeries(followUp, 'SER1', 1, 'CT', {
    text: `CHEST FU ${p.id}`,
    marks: [mark('id', p.id)],
  });
  const images = [1, 2].map((n) =>
    ctImage({
      series: ct,
      fileName: `IM${n}`,
      instanceNumber: n,
      transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN,
      vendorPrivate: gePrivate(followUp),
      burnedInAnnotation: null,
      extra: n === 1 ? contributingEquipment(followUp) : {},
      description:
        'GE CT follow-up, implicit VR LE; GEMS_IDEN_01 PHI and GEMS_PARM_01/GEMS_ACQU_01 safe elements; contributing equipment on IM1',
    }),
  );
  const enhancedSeries = makeSeries(followUp, 'SER2', 2, 'CT', {
    text: `ENHANCED ${spaced}`,
    marks: [mark('name', spaced)],
  });
  const enhanced = enhancedCtImage({
    series: enhancedSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: {},
    contributing: contributingEquipment(followUp),
    description:
      'Enhanced CT, 2 frames: PHI in shared and per-frame functional groups, a GE private sequence inside the shared item, Contribution DateTime',
  });
  const srSeries = makeSeries(followUp, 'SER3', 3, 'SR', {
    text: `REPORT ${familyName(p.name)}`,
    marks: [mark('name', familyName(p.name))],
  });
  const sr = srReport({
    series: srSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    current: images,
    enhanced,
    prior: priorImages,
    description:
      'Comprehensive SR: PNAME, TEXT with name and MRN, DATE, TIME, DATETIME, UIDREF, IMAGE references; evidence sequences',
  });
  const koSeries = makeSeries(followUp, 'SER4', 4, 'KO', {
    text: `KEY IMAGES ${p.id}`,
    marks: [mark('id', p.id)],
  });
  const ko = keyObjectSelection({
    series: koSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    selected: images,
    description: 'Key Object Selection (TID 2010) referencing the follow-up CT images',
  });
  const rtSeries = makeSeries(followUp, 'SER5', 5, 'RTSTRUCT', {
    text: `CONTOURS ${spaced}`,
    marks: [mark('name', spaced)],
  });
  const rt = rtStructureSet({
    series: rtSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    images,
    description:
      'RT Structure Set referencing the follow-up CT images and their frame of reference',
  });
  const usSeries = makeSeries(us, 'SER1', 1, 'US', dated(us, 'ABDOMEN'));
  const usNative = ultrasoundImage({
    series: usSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: {},
    description: `Ultrasound, 8-bit MONOCHROME2, burned-in header band "${p.asciiName}  MRN ${p.id}  ${isoDate(us.day)}", Burned In Annotation YES`,
  });
  const usJpeg = await ultrasoundJpegImage({
    series: usSeries,
    fileName: 'IM2',
    instanceNumber: 2,
    vendorPrivate: {},
    description:
      'Ultrasound, JPEG baseline (lossy), the same burned-in header band, Burned In Annotation absent',
  });
  return [...priorImages, ...images, enhanced, sr, ko, rt, usNative, usJpeg];
}

/** Patient 2 (ISO_IR 100, accented name): Philips MR prior with overlay, deflated MR follow-up and a screenshot, an Agfa CR. */
function patientTwoObjects(seed: string, p: PhiPatient): PhiObject[] {
  const family = familyName(p.name);
  const prior = makeStudy(
    seed,
    p,
    'STUDY1',
    p.priorDay,
    { text: `IRM CERVEAU ${family}`, marks: [mark('name', family)] },
    PHI_INSTITUTIONS.berenger,
    EQUIPMENT.philipsMr,
  );
  const followDay = p.priorDay + p.followUpDays;
  const followUp = makeStudy(
    seed,
    p,
    'STUDY2',
    followDay,
    {
      text: `IRM CERVEAU CONTRÔLE ${family} ${isoDate(p.priorDay)}`,
      marks: [mark('name', family), mark('date', isoDate(p.priorDay))],
    },
    PHI_INSTITUTIONS.berenger,
    EQUIPMENT.philipsMr,
  );
  const cr = makeStudy(
    seed,
    p,
    'STUDY3',
    followDay + 1,
    { text: `THORAX ${family}`, marks: [mark('name', family)] },
    PHI_INSTITUTIONS.berenger,
    EQUIPMENT.agfa,
  );
  const priorSeries = makeSeries(prior, 'SER1', 1, 'MR', {
    text: `T1 AXIAL ${p.id}`,
    marks: [mark('id', p.id)],
  });
  const priorMr = mrImage({
    series: priorSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: philipsPrivate(priorSeries),
    overlay: true,
    description:
      'Philips MR prior, ISO_IR 100: overlay 6000 whose bits spell name and ID, Overlay Description/Label/Comments; Philips private PHI and safe scale slope',
  });
  const followSeries = makeSeries(followUp, 'SER1', 1, 'MR', {
    text: `T1 AXIAL ${formatDa(followDay)}`,
    marks: [mark('date', formatDa(followDay))],
  });
  const followMr = mrImage({
    series: followSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: philipsPrivate(followSeries, priorMr),
    overlay: false,
    description:
      'Philips MR follow-up, deflated explicit VR LE, ISO_IR 100; private Series PlanScan sequence references the prior MR',
  });
  const scSeries = makeSeries(followUp, 'SER2', 2, 'OT', {
    text: `SCREEN ${family}`,
    marks: [mark('name', family)],
  });
  const screenshot = screenshotImage({
    series: scSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: {},
    description:
      'Secondary Capture screenshot, RGB, viewer text (name, ID, birth date, institution) burned in, Burned In Annotation YES',
  });
  const crSeries = makeSeries(cr, 'SER1', 1, 'CR', {
    text: `PA ${p.id}`,
    marks: [mark('id', p.id)],
  });
  const radiograph = radiographImage({
    series: crSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: agfaPrivate(cr),
    description:
      'Agfa CR with a burned-in corner label (name, ID), Burned In Annotation absent; Agfa private PHI and safe plate sensitivity',
  });
  return [priorMr, followMr, screenshot, radiograph];
}

/** Patient 3 (ISO 2022 IR 87, Japanese name): Canon CT prior as a legacy big-endian file with icon and curve, CT follow-up. */
function patientThreeObjects(seed: string, p: PhiPatient): PhiObject[] {
  // The ideographic group alone: LO holds 64 characters, which the full name's escapes overrun.
  const ideographic = p.name.split('=')[1] ?? p.name;
  const prior = makeStudy(
    seed,
    p,
    'STUDY1',
    p.priorDay,
    { text: `CT ABDOMEN ${p.id}`, marks: [mark('id', p.id)] },
    PHI_INSTITUTIONS.kirkwall,
    EQUIPMENT.canon,
  );
  const followUp = makeStudy(
    seed,
    p,
    'STUDY2',
    p.priorDay + p.followUpDays,
    {
      text: `CT ABDOMEN FU ${ideographic}`,
      marks: [mark('name', ideographic)],
    },
    PHI_INSTITUTIONS.kirkwall,
    EQUIPMENT.canon,
  );
  const priorSeries = makeSeries(prior, 'SER1', 1, 'CT', {
    text: `ABD ${spacedName(p.name)}`,
    marks: [mark('name', spacedName(p.name))],
  });
  const legacy = legacyCtImage({
    series: priorSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_BIG_ENDIAN,
    vendorPrivate: canonPrivate(priorSeries),
    burnedInAnnotation: null,
    description:
      'Canon CT prior, legacy: explicit VR big endian, ISO 2022 IR 87 Japanese name, Icon Image Sequence with the name in its pixels, curve group 5000',
  });
  const followSeries = makeSeries(followUp, 'SER1', 1, 'CT', {
    text: `ABD FU ${formatDa(followUp.day)}`,
    marks: [mark('date', formatDa(followUp.day))],
  });
  const follow = ctImage({
    series: followSeries,
    fileName: 'IM1',
    instanceNumber: 1,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    vendorPrivate: canonPrivate(followSeries),
    burnedInAnnotation: 'NO',
    description:
      'Canon CT follow-up, explicit VR LE, ISO 2022 IR 87; TOSHIBA_MEC_1.0 PHI, TOSHIBA_MEC_CT3 safe elements',
  });
  return [legacy, follow];
}

/** All objects of the set, in DICOMDIR order. */
export async function phiSetObjects(seed: string): Promise<PhiObject[]> {
  const [one, two, three] = phiPatients(seed);
  if (one === undefined || two === undefined || three === undefined)
    throw new Error('the PHI set needs three patients');
  return [
    ...(await patientOneObjects(seed, one)),
    ...patientTwoObjects(seed, two),
    ...patientThreeObjects(seed, three),
  ];
}

/**
 * Writes the synthetic PHI test set under `outDir`: DICOM files of three
 * fabricated patients (each with a prior and a follow-up study) with made-up
 * identifying values planted in every risky place — standard attributes,
 * nested and private sequences, five vendors' private groups, overlays,
 * icons, curves, SR content, references between objects, a DICOMDIR and text
 * burned into pixels — and `phi-manifest.json` listing every planted value,
 * every cross-file reference and the safe private elements. Layout:
 * `outDir/DICOMDIR`, `outDir/PATn/STUDYn/SERn/IMn` (PS3.10 File IDs, no
 * extension). Same seed, same bytes. Returns the manifest.
 */
export async function generatePhiSet(options: PhiSetOptions): Promise<PhiSetManifest> {
  const seed = options.seed ?? PHI_SET_DEFAULT_SEED;
  const objects = await phiSetObjects(seed);
  const files: PhiFileEntry[] = [];
  const planted: PlantedPhi[] = [];
  const safePrivate: SafePrivateElement[] = [];
  const registry = new UidRegistry();
  const built = objects.map((object) => {
    const path = fileIdOf(object).join('/');
    const tracked = buildTracked(object.record);
    const bytes = writePart10({
      dataset: tracked.dataset,
      transferSyntaxUid: object.transferSyntaxUid,
    });
    writeFileAtomicSync(join(options.outDir, ...fileIdOf(object)), bytes);
    registry.define(path, tracked.dataset);
    const patient = object.series.study.patient;
    files.push({
      path,
      sopClassUid: object.sopClassUid,
      sopInstanceUid: object.sopInstanceUid,
      patientId: patient.id,
      transferSyntaxUid: object.transferSyntaxUid,
      characterSets: patient.characterSets,
      burnedInAnnotation: object.burnedInAnnotation,
      description: object.description,
    });
    for (const plant of tracked.plants) planted.push({ file: path, ...plant });
    for (const plant of object.pixelPlants) planted.push({ file: path, ...plant });
    for (const element of tracked.safe) safePrivate.push({ file: path, ...element });
    return { path, dataset: tracked.dataset };
  });
  const dicomdir = encodeDicomdir(seed, objects);
  writeFileAtomicSync(join(options.outDir, PHI_DICOMDIR_FILE), dicomdir.bytes);
  files.push({
    path: PHI_DICOMDIR_FILE,
    sopClassUid: MEDIA_STORAGE_DIRECTORY_STORAGE,
    sopInstanceUid: dicomdir.sopInstanceUid,
    patientId: '',
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    characterSets: [],
    burnedInAnnotation: null,
    description:
      'DICOMDIR: PATIENT/STUDY/SERIES/instance records with names, IDs, dates, offsets computed',
  });
  for (const plant of dicomdir.plants) planted.push({ file: PHI_DICOMDIR_FILE, ...plant });
  const references: PhiReference[] = [
    ...built.flatMap(({ path, dataset }) => uidReferences(path, dataset, registry)),
    ...uidReferences(PHI_DICOMDIR_FILE, dicomdir.dataset, registry),
  ];
  const patients = new Map<string, PhiSetManifest['patients'][number]>();
  for (const object of objects) {
    const study = object.series.study;
    const entry = patients.get(study.patient.id) ?? {
      patientId: study.patient.id,
      patientName: study.patient.name,
      studies: [],
    };
    if (!entry.studies.some((s) => s.studyInstanceUid === study.studyInstanceUid)) {
      patients.set(study.patient.id, {
        ...entry,
        studies: [
          ...entry.studies,
          {
            studyInstanceUid: study.studyInstanceUid,
            studyDate: formatDa(study.day),
            description: study.description,
          },
        ],
      });
    }
  }
  const manifest: PhiSetManifest = {
    version: PHI_MANIFEST_VERSION,
    seed,
    patients: [...patients.values()],
    files,
    planted,
    references,
    safePrivate,
  };
  writeFileAtomicSync(
    join(options.outDir, PHI_MANIFEST_FILE),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  return manifest;
}
