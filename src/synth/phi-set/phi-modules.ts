import { ageInYears, formatAs, formatDa, formatTm, type EpochDay } from '../dicom-date.js';
import { syntheticUid } from '../synthetic-uid.js';
import type { PhiCare, PhiPatient } from './phi-identities.js';
import { containing, mark, phi, sq, type TrackedRecord } from './phi-tree.js';

/** The scanner of a study, as the General and Enhanced General Equipment modules name it (PS3.3 C.7.5.1, C.7.5.2). */
export interface PhiEquipment {
  readonly manufacturer: string;
  readonly model: string;
  readonly stationName: string;
  readonly serialNumber: string;
  readonly softwareVersions: string;
}

/** One study of the set. */
export interface PhiStudy {
  readonly seed: string;
  readonly patient: PhiPatient;
  /** Folder name and DICOMDIR File ID component (`STUDY1`). */
  readonly folder: string;
  readonly day: EpochDay;
  /** Seconds after midnight the study started. */
  readonly startSeconds: number;
  readonly description: string;
  /** Identifying parts of the description, planted with it. */
  readonly descriptionMarks: readonly ReturnType<typeof mark>[];
  readonly care: PhiCare;
  readonly equipment: PhiEquipment;
  readonly studyInstanceUid: string;
}

/** One series of a study. */
export interface PhiSeries {
  readonly study: PhiStudy;
  /** Folder name and DICOMDIR File ID component (`SER1`). */
  readonly folder: string;
  readonly number: number;
  readonly modality: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly description: string;
  readonly descriptionMarks: readonly ReturnType<typeof mark>[];
  /** Seconds after midnight the series started. */
  readonly startSeconds: number;
}

/** The family-name component of a PN value (`SMITH^JOHN` → `SMITH`). */
export function familyName(name: string): string {
  return name.split('=')[0]?.split('^')[0] ?? name;
}

/** `FAMILY GIVEN` without the caret, as people type a name into a description. */
export function spacedName(name: string): string {
  return (name.split('=')[0] ?? name).split('^').slice(0, 2).join(' ');
}

/** A UID of the set, derived from the seed and a path naming the object. */
export function phiUid(seed: string, path: string): string {
  return syntheticUid(seed, `phi-set/${path}`);
}

/** DA value, planted. */
export function plantedDate(day: EpochDay): ReturnType<typeof phi> {
  return phi('date', formatDa(day));
}

/** TM value with microseconds (rarer in pixel bytes than six digits), planted. */
export function plantedTime(seconds: number): ReturnType<typeof phi> {
  return phi('time', formatTm(seconds, 6));
}

/** DT value (YYYYMMDDHHMMSS.FFFFFF), planted. */
export function plantedDateTime(day: EpochDay, seconds: number): ReturnType<typeof phi> {
  return phi('datetime', `${formatDa(day)}${formatTm(seconds, 6)}`);
}

/** Code Sequence item (PS3.3 Table 8.8-1) of a local scheme. */
export function codeItem(value: string, scheme: string, meaning: string): TrackedRecord {
  return { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning };
}

/**
 * Patient and Patient Study modules (PS3.3 C.7.1.1, C.7.2.2) with every
 * identifying attribute of the patient filled: Other Patient IDs with
 * issuers, address, telephone, military rank, ethnic group, occupation,
 * history and comments naming the patient, and a Referenced Patient Sequence.
 */
export function patientElements(study: PhiStudy): TrackedRecord {
  const p = study.patient;
  return {
    SpecificCharacterSet: p.characterSets.length === 0 ? undefined : p.characterSets,
    PatientName: phi('name', p.name),
    PatientID: phi('id', p.id),
    IssuerOfPatientID: phi('institution', p.issuer),
    PatientBirthDate: plantedDate(p.birthDay),
    PatientSex: p.sex,
    OtherPatientIDsSequence: sq(
      ...p.otherIds.map((other) => ({
        PatientID: phi('id', other.id),
        IssuerOfPatientID: other.issuer,
        TypeOfPatientID: 'TEXT',
      })),
    ),
    PatientBirthName: phi('name', p.motherBirthName.replace(/^[^^]*/, familyName(p.name))),
    PatientMotherBirthName: phi('name', p.motherBirthName),
    PatientAge: phi('age', formatAs(ageInYears(p.birthDay, study.day))),
    PatientSize: 1.78,
    PatientWeight: 81,
    PatientAddress: phi('address', p.address),
    PatientTelephoneNumbers: phi('phone', p.phone),
    MilitaryRank: phi('text', p.militaryRank),
    EthnicGroup: phi('text', p.ethnicGroup),
    Occupation: phi('text', p.occupation),
    AdditionalPatientHistory: containing(
      `Prior study ${formatDa(p.priorDay)}; patient ${spacedName(p.name)} reports cough.`,
      mark('date', formatDa(p.priorDay)),
      mark('name', spacedName(p.name)),
    ),
    PatientComments: containing(
      `Call ${p.phone} before the visit. ID ${p.otherIds[0]?.id ?? ''}.`,
      mark('phone', p.phone),
      mark('id', p.otherIds[0]?.id ?? ''),
    ),
    ReferencedPatientSequence: sq({
      // Detached Patient Management SOP Class (retired), which these items name in practice.
      ReferencedSOPClassUID: '1.2.840.10008.3.1.2.1.1',
      ReferencedSOPInstanceUID: phi('uid', phiUid(study.seed, `patient/${p.folder}`)),
    }),
  };
}

/** General Study module (PS3.3 C.7.2.1), the order and the institution. */
export function studyElements(study: PhiStudy): TrackedRecord {
  const { care } = study;
  return {
    StudyInstanceUID: phi('uid', study.studyInstanceUid),
    StudyDate: plantedDate(study.day),
    StudyTime: plantedTime(study.startSeconds),
    AccessionNumber: phi('id', care.accessionNumber),
    ReferringPhysicianName: phi('name', care.referringPhysician),
    StudyID: phi('id', care.studyId),
    StudyDescription: containing(study.description, ...study.descriptionMarks),
    NameOfPhysiciansReadingStudy: phi('name', care.readingPhysician),
    PhysiciansOfRecord: phi('name', care.referringPhysician),
    RequestingPhysician: phi('name', care.referringPhysician),
    ProcedureCodeSequence: sq({
      CodeValue: phi('id', care.requestedProcedureId),
      CodingSchemeDesignator: '99SYNPHI',
      CodeMeaning: containing(study.description, ...study.descriptionMarks),
    }),
    ReferencedStudySequence: sq({
      ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1',
      ReferencedSOPInstanceUID: phi('uid', study.studyInstanceUid),
    }),
    AdmittingDiagnosesDescription: containing(
      `Follow-up of nodule seen ${formatDa(study.patient.priorDay)}`,
      mark('date', formatDa(study.patient.priorDay)),
    ),
  };
}

/** General Equipment module (PS3.3 C.7.5.1) with institution, station and serial number. */
export function equipmentElements(study: PhiStudy): TrackedRecord {
  const { care, equipment } = study;
  return {
    Manufacturer: equipment.manufacturer,
    InstitutionName: phi('institution', care.institutionName),
    InstitutionAddress: phi('address', care.institutionAddress),
    StationName: phi('id', equipment.stationName),
    InstitutionalDepartmentName: phi('institution', care.department),
    ManufacturerModelName: equipment.model,
    DeviceSerialNumber: phi('id', equipment.serialNumber),
    SoftwareVersions: equipment.softwareVersions,
    DateOfLastCalibration: plantedDate(study.day - 3),
  };
}

/**
 * General Series module (PS3.3 C.7.3.1) with the order it fulfils (Request
 * Attributes Sequence, identifying values two levels down), performed
 * procedure step and protocol codes naming staff.
 */
export function seriesElements(series: PhiSeries): TrackedRecord {
  const { study } = series;
  const { care } = study;
  return {
    Modality: series.modality,
    // Type 2C in General Series (required for paired body parts); documents have no such module.
    Laterality: ['SR', 'KO', 'RTSTRUCT'].includes(series.modality) ? undefined : '',
    SeriesInstanceUID: phi('uid', series.seriesInstanceUid),
    SeriesNumber: series.number,
    SeriesDate: plantedDate(study.day),
    SeriesTime: plantedTime(series.startSeconds),
    SeriesDescription: containing(series.description, ...series.descriptionMarks),
    ProtocolName: containing(
      `${series.modality} PROTOCOL ${familyName(care.performingPhysician)}`,
      mark('name', familyName(care.performingPhysician)),
    ),
    PerformingPhysicianName: phi('name', care.performingPhysician),
    OperatorsName: phi('name', care.operator),
    RequestAttributesSequence: sq({
      AccessionNumber: phi('id', care.accessionNumber),
      RequestedProcedureID: phi('id', care.requestedProcedureId),
      RequestedProcedureDescription: containing(study.description, ...study.descriptionMarks),
      ScheduledProcedureStepID: phi('id', `SPS${care.requestedProcedureId.slice(2)}`),
      ScheduledProcedureStepDescription: containing(
        `${series.modality} for ${spacedName(study.patient.name)}`,
        mark('name', spacedName(study.patient.name)),
      ),
      ReasonForTheRequestedProcedure: containing(
        `Compare with ${formatDa(study.patient.priorDay)}`,
        mark('date', formatDa(study.patient.priorDay)),
      ),
      ScheduledProtocolCodeSequence: sq(codeItem('P-1', '99SYNPHI', `${series.modality} ROUTINE`)),
    }),
    PerformedProcedureStepStartDate: plantedDate(study.day),
    PerformedProcedureStepStartTime: plantedTime(series.startSeconds - 30),
    PerformedProcedureStepID: phi('id', `PPS${care.accessionNumber.slice(-6)}`),
    PerformedProcedureStepDescription: containing(study.description, ...study.descriptionMarks),
    PerformedProtocolCodeSequence: sq({
      CodeValue: 'P-1',
      CodingSchemeDesignator: '99SYNPHI',
      CodeMeaning: containing(
        `${series.modality} ROUTINE (DR ${familyName(care.readingPhysician)})`,
        mark('name', familyName(care.readingPhysician)),
      ),
    }),
    ReferencedPerformedProcedureStepSequence: sq({
      ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.3',
      ReferencedSOPInstanceUID: phi(
        'uid',
        phiUid(study.seed, `mpps/${study.patient.folder}/${study.folder}/${series.folder}`),
      ),
    }),
  };
}

/** SOP Common module (PS3.3 C.12.1): class, instance, creation date and time. */
export function sopCommonElements(
  study: PhiStudy,
  sopClassUid: string,
  sopInstanceUid: string,
  creationSeconds: number,
): TrackedRecord {
  return {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: phi('uid', sopInstanceUid),
    InstanceCreationDate: plantedDate(study.day),
    InstanceCreationTime: plantedTime(creationSeconds),
    InstanceCreatorUID: phi('uid', phiUid(study.seed, `creator/${study.equipment.serialNumber}`)),
    TimezoneOffsetFromUTC: '+0100',
  };
}

/** Frame of Reference module (PS3.3 C.7.4.1). */
export function frameOfReferenceElements(series: PhiSeries): TrackedRecord {
  return {
    FrameOfReferenceUID: phi('uid', series.frameOfReferenceUid),
    PositionReferenceIndicator: '',
  };
}

/** Content and acquisition dates and times of an image (General Image module, PS3.3 C.7.6.1). */
export function imageTimeElements(series: PhiSeries, offsetSeconds: number): TrackedRecord {
  const day = series.study.day;
  const at = series.startSeconds + offsetSeconds;
  return {
    AcquisitionDate: plantedDate(day),
    AcquisitionTime: plantedTime(at),
    ContentDate: plantedDate(day),
    ContentTime: plantedTime(at + 2),
  };
}

/** Contributing Equipment Sequence (PS3.3 C.12.1): a PACS that touched the object, with the Contribution DateTime Orthanc 1.10 leaks. */
export function contributingEquipment(study: PhiStudy): TrackedRecord {
  return {
    ContributingEquipmentSequence: sq({
      PurposeOfReferenceCodeSequence: sq(codeItem('109103', 'DCM', 'Modifying Equipment')),
      Manufacturer: 'RADSYN PACS',
      InstitutionName: phi('institution', study.care.institutionName),
      InstitutionAddress: phi('address', study.care.institutionAddress),
      StationName: phi('id', `PACS-${study.patient.folder}-GW`),
      InstitutionalDepartmentName: phi('institution', study.care.department),
      OperatorsName: phi('name', study.care.operator),
      ContributionDateTime: plantedDateTime(study.day + 1, 8 * 3600 + 1234.5),
      ContributionDescription: containing(
        `Coerced for ${spacedName(study.patient.name)} (${study.patient.id})`,
        mark('name', spacedName(study.patient.name)),
        mark('id', study.patient.id),
      ),
    }),
  };
}
