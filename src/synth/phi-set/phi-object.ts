import { formatDa } from '../dicom-date.js';
import {
  equipmentElements,
  patientElements,
  seriesElements,
  sopCommonElements,
  spacedName,
  studyElements,
  type PhiSeries,
} from './phi-modules.js';
import type { PixelPlant } from './phi-pixels.js';
import { containing, mark, type TrackedRecord } from './phi-tree.js';

/** The DICOMDIR record type of an object (PS3.3 F.5). */
export type DirectoryRecordType = 'IMAGE' | 'SR DOCUMENT' | 'KEY OBJECT DOC' | 'RT STRUCTURE SET';

/** One object of the set, ready to build and write. */
export interface PhiObject {
  readonly series: PhiSeries;
  /** Last File ID component (`IM1`). */
  readonly fileName: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly instanceNumber: number;
  readonly transferSyntaxUid: string;
  readonly record: TrackedRecord;
  readonly pixelPlants: readonly PixelPlant[];
  readonly recordType: DirectoryRecordType;
  /** Instance-level keys of its DICOMDIR record besides the File ID and SOP references. */
  readonly directoryKeys: TrackedRecord;
  readonly burnedInAnnotation: 'YES' | 'NO' | null;
  readonly description: string;
}

/** The File ID components of an object: patient, study, series, instance (PS3.10 section 8.2: ≤ 8 of A-Z 0-9 _ each). */
export function fileIdOf(object: PhiObject): readonly string[] {
  const { series } = object;
  return [series.study.patient.folder, series.study.folder, series.folder, object.fileName];
}

/** Patient, study, series, equipment and SOP Common modules every composite object of the set carries. */
export function compositeBase(
  series: PhiSeries,
  sopClassUid: string,
  sopInstanceUid: string,
  creationSeconds: number,
): TrackedRecord {
  const { study } = series;
  return {
    ...patientElements(study),
    ...studyElements(study),
    ...seriesElements(series),
    ...equipmentElements(study),
    ...sopCommonElements(study, sopClassUid, sopInstanceUid, creationSeconds),
  };
}

/** Image Comments (0020,4000) naming the patient, their MRN and the prior's date. */
export function imageComments(series: PhiSeries): TrackedRecord {
  const p = series.study.patient;
  const prior = formatDa(p.priorDay);
  return {
    ImageComments: containing(
      `Compared with ${prior} exam of ${spacedName(p.name)}, MRN ${p.id}`,
      mark('date', prior),
      mark('name', spacedName(p.name)),
      mark('id', p.id),
    ),
  };
}
