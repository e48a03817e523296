import {
  createDataset,
  EXPLICIT_VR_LITTLE_ENDIAN,
  setValue,
  writeDataset,
  writePart10,
  type Dataset,
} from '../../dicom/index.js';
import { phiUid, plantedDate, plantedTime, type PhiSeries, type PhiStudy } from './phi-modules.js';
import { fileIdOf, type PhiObject } from './phi-object.js';
import {
  buildTracked,
  containing,
  phi,
  sq,
  type TrackedPlant,
  type TrackedRecord,
} from './phi-tree.js';

/** Media Storage Directory Storage (PS3.4 Annex I). */
export const MEDIA_STORAGE_DIRECTORY_STORAGE = '1.2.840.10008.1.3.10';

const RECORD_SEQUENCE_TAG = 0x00041220;
const NEXT_RECORD_TAG = 0x00041400;
const LOWER_LEVEL_TAG = 0x00041420;

/** A DICOMDIR as written, with where its identifying values sit. */
export interface EncodedDicomdir {
  readonly bytes: Uint8Array;
  readonly dataset: Dataset;
  readonly plants: readonly TrackedPlant[];
  readonly sopInstanceUid: string;
}

interface RecordNode {
  readonly record: TrackedRecord;
  readonly children: RecordNode[];
}

function charsetOf(study: PhiStudy): readonly string[] | undefined {
  const sets = study.patient.characterSets;
  return sets.length === 0 ? undefined : sets;
}

/** Directory record common elements (PS3.3 F.3.2.2); offsets start at 0 and are filled in later. */
function recordHeader(type: string, study: PhiStudy): TrackedRecord {
  return {
    SpecificCharacterSet: charsetOf(study),
    OffsetOfTheNextDirectoryRecord: 0,
    RecordInUseFlag: 0xffff,
    OffsetOfReferencedLowerLevelDirectoryEntity: 0,
    DirectoryRecordType: type,
  };
}

function patientRecord(study: PhiStudy): TrackedRecord {
  const p = study.patient;
  return {
    ...recordHeader('PATIENT', study),
    PatientName: phi('name', p.name),
    PatientID: phi('id', p.id),
    PatientBirthDate: plantedDate(p.birthDay),
    PatientSex: p.sex,
  };
}

function studyRecord(study: PhiStudy): TrackedRecord {
  return {
    ...recordHeader('STUDY', study),
    StudyDate: plantedDate(study.day),
    StudyTime: plantedTime(study.startSeconds),
    StudyDescription: containing(study.description, ...study.descriptionMarks),
    StudyInstanceUID: study.studyInstanceUid,
    StudyID: phi('id', study.care.studyId),
    AccessionNumber: phi('id', study.care.accessionNumber),
    ReferringPhysicianName: phi('name', study.care.referringPhysician),
  };
}

function seriesRecord(series: PhiSeries): TrackedRecord {
  return {
    ...recordHeader('SERIES', series.study),
    Modality: series.modality,
    SeriesInstanceUID: series.seriesInstanceUid,
    SeriesNumber: series.number,
    SeriesDescription: containing(series.description, ...series.descriptionMarks),
    InstitutionName: phi('institution', series.study.care.institutionName),
  };
}

function instanceRecord(object: PhiObject): TrackedRecord {
  return {
    ...recordHeader(object.recordType, object.series.study),
    ReferencedFileID: [...fileIdOf(object)],
    ReferencedSOPClassUIDInFile: object.sopClassUid,
    ReferencedSOPInstanceUIDInFile: object.sopInstanceUid,
    ReferencedTransferSyntaxUIDInFile: object.transferSyntaxUid,
    ...object.directoryKeys,
  };
}

/** PATIENT → STUDY → SERIES → instance records, in the order the objects come. */
function recordTree(objects: readonly PhiObject[]): RecordNode[] {
  const patients = new Map<string, RecordNode>();
  const studies = new Map<string, RecordNode>();
  const series = new Map<string, RecordNode>();
  const roots: RecordNode[] = [];
  for (const object of objects) {
    const study = object.series.study;
    let patient = patients.get(study.patient.folder);
    if (patient === undefined) {
      patient = { record: patientRecord(study), children: [] };
      patients.set(study.patient.folder, patient);
      roots.push(patient);
    }
    let studyNode = studies.get(study.studyInstanceUid);
    if (studyNode === undefined) {
      studyNode = { record: studyRecord(study), children: [] };
      studies.set(study.studyInstanceUid, studyNode);
      patient.children.push(studyNode);
    }
    let seriesNode = series.get(object.series.seriesInstanceUid);
    if (seriesNode === undefined) {
      seriesNode = { record: seriesRecord(object.series), children: [] };
      series.set(object.series.seriesInstanceUid, seriesNode);
      studyNode.children.push(seriesNode);
    }
    seriesNode.children.push({ record: instanceRecord(object), children: [] });
  }
  return roots;
}

/** The records depth first (a parent, then its whole lower-level entity), as DICOMDIR writers lay them out. */
function flatten(nodes: readonly RecordNode[], out: RecordNode[] = []): RecordNode[] {
  for (const node of nodes) {
    out.push(node);
    flatten(node.children, out);
  }
  return out;
}

function findSequenceValueStart(bytes: Uint8Array): number {
  // (0004,1220) SQ with undefined length, explicit VR little endian: 04 00 20 12 'S' 'Q' 00 00 FF FF FF FF.
  const header = [0x04, 0x00, 0x20, 0x12, 0x53, 0x51, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff];
  outer: for (let i = 132; i + header.length <= bytes.length; i++) {
    for (let j = 0; j < header.length; j++) if (bytes[i + j] !== header[j]) continue outer;
    return i + header.length;
  }
  throw new Error('DICOMDIR: Directory Record Sequence not found in the encoded file');
}

/**
 * Builds the set's DICOMDIR (Basic Directory IOD, PS3.3 F.3; PS3.10 section
 * 8): one PATIENT record per patient, STUDY, SERIES and IMAGE / SR DOCUMENT /
 * KEY OBJECT DOC / RT STRUCTURE SET records carrying names, IDs, dates and
 * accession numbers (each record in its patient's character set), with the
 * record offsets computed: a byte count from the start of the file (the
 * preamble's first byte) to each record's Item tag.
 */
export function encodeDicomdir(seed: string, objects: readonly PhiObject[]): EncodedDicomdir {
  const roots = recordTree(objects);
  const nodes = flatten(roots);
  const sopInstanceUid = phiUid(seed, 'dicomdir');
  const built = buildTracked({
    FileSetID: 'RADSET_PHI',
    OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity: 0,
    OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity: 0,
    FileSetConsistencyFlag: 0,
    DirectoryRecordSequence: sq(...nodes.map((n) => n.record)),
  });
  const { dataset } = built;
  const meta = createDataset({
    MediaStorageSOPClassUID: MEDIA_STORAGE_DIRECTORY_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
  });
  const encode = (): Uint8Array =>
    writePart10({ dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, meta });
  const items = dataset.sequence(RECORD_SEQUENCE_TAG) ?? [];
  // Offsets are UL (fixed size): filling them in does not move anything, so one pass measures all.
  let at = findSequenceValueStart(encode());
  const offsets = new Map<RecordNode, number>();
  nodes.forEach((node, i) => {
    offsets.set(node, at);
    const item = items[i];
    if (item === undefined) throw new Error('DICOMDIR: record count mismatch');
    at += 16 + writeDataset(item, EXPLICIT_VR_LITTLE_ENDIAN).length;
  });
  const offsetOf = (node: RecordNode | undefined): number =>
    node === undefined ? 0 : (offsets.get(node) ?? 0);
  const link = (siblings: readonly RecordNode[]): void => {
    siblings.forEach((node, i) => {
      const item = items[nodes.indexOf(node)];
      if (item === undefined) return;
      setValue(item, NEXT_RECORD_TAG, offsetOf(siblings[i + 1]));
      setValue(item, LOWER_LEVEL_TAG, offsetOf(node.children[0]));
      link(node.children);
    });
  };
  link(roots);
  setValue(dataset, 'OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity', offsetOf(roots[0]));
  setValue(
    dataset,
    'OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity',
    offsetOf(roots.at(-1)),
  );
  return { bytes: encode(), dataset, plants: built.plants, sopInstanceUid };
}
