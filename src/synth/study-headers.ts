import { formatDa, formatTm } from './dicom-date.js';
import { sequence, type ElementRecord } from './element-tree.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';
import { syntheticUid } from './synthetic-uid.js';

/** SOP Class UIDs (PS3.4 Annex B.5) of the objects the generator writes. */
const SOP_CLASS_UIDS = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  CR: '1.2.840.10008.5.1.4.1.1.1',
} as const;

/** Modality Performed Procedure Step SOP Class (PS3.4 F.7.1). */
const MPPS_SOP_CLASS_UID = '1.2.840.10008.3.1.2.3.3';
/** Detached Study Management SOP Class (retired), which Referenced Study Sequence items still name in practice. */
const STUDY_SOP_CLASS_UID = '1.2.840.10008.3.1.2.3.1';

const PROCEDURE_CODES: Readonly<Record<string, readonly [string, string]>> = {
  'CT CHEST': ['CTCH01', 'CT CHEST'],
  'CT ABDOMEN': ['CTAB02', 'CT ABDOMEN AND PELVIS'],
  'CT HEAD': ['CTHD01', 'CT HEAD'],
  'MR HEAD': ['MRHD03', 'MRI BRAIN'],
  'MR ABDOMEN': ['MRAB01', 'MRI ABDOMEN'],
  'CR CHEST': ['XRCH01', 'XR CHEST PA'],
};

/** The procedure this study is: a local code (scheme `99RADSYN`, an invented private scheme per PS3.16 8.2). */
function procedure(plan: StudyPlan): readonly [string, string] {
  return (
    PROCEDURE_CODES[`${plan.modality} ${plan.bodyPart}`] ?? [
      'SYN000',
      `${plan.modality} ${plan.bodyPart}`,
    ]
  );
}

function codeItem(code: readonly [string, string]): ElementRecord {
  return { CodeValue: code[0], CodingSchemeDesignator: '99RADSYN', CodeMeaning: code[1] };
}

/**
 * Patient, Patient Study, General Study and SOP Common values shared by every
 * instance of a study (PS3.3 C.7.1.1, C.7.2.1, C.7.2.2, C.12.1), full of
 * made-up identifying values.
 */
export function studyElements(plan: StudyPlan): ElementRecord {
  const { patient, care } = plan;
  const code = procedure(plan);
  const history = plan.random.fork('history');
  return {
    SpecificCharacterSet: plan.characterSet === 'default' ? undefined : plan.characterSet,
    PatientName: patient.name,
    PatientID: patient.id,
    IssuerOfPatientID: patient.issuerOfId,
    PatientBirthDate: patient.birthDate,
    PatientSex: patient.sex,
    OtherPatientIDsSequence: sequence(
      ...patient.otherIds.map((other) => ({
        PatientID: other.id,
        IssuerOfPatientID: other.issuer,
        TypeOfPatientID: 'TEXT',
      })),
    ),
    PatientAge: patient.age,
    PatientSize: patient.sizeM,
    PatientWeight: patient.weightKg,
    PatientAddress: patient.address,
    PatientTelephoneNumbers: patient.telephone,
    AdditionalPatientHistory: history.chance(0.5)
      ? history.pick([
          'Cough 3 weeks, r/o mass',
          'Follow-up of known lesion',
          'Headache, prior scan 2 yrs ago',
          'Weight loss; smoker 30 pack-years',
        ])
      : undefined,
    StudyInstanceUID: plan.studyInstanceUid,
    StudyDate: formatDa(plan.studyDay),
    StudyTime: formatTm(plan.studyStartSeconds),
    ReferringPhysicianName: care.referringPhysician,
    StudyID: care.studyId,
    AccessionNumber: care.accessionNumber,
    StudyDescription: code[1],
    NameOfPhysiciansReadingStudy: care.readingPhysician,
    ProcedureCodeSequence: sequence(codeItem(code)),
    ReferencedStudySequence: sequence({
      ReferencedSOPClassUID: STUDY_SOP_CLASS_UID,
      ReferencedSOPInstanceUID: plan.studyInstanceUid,
    }),
    InstitutionName: care.institutionName,
    InstitutionAddress: care.institutionAddress,
    InstitutionalDepartmentName: care.department,
    Manufacturer: plan.vendor.manufacturer,
    ManufacturerModelName: plan.equipment.model,
    StationName: plan.equipment.stationName,
    DeviceSerialNumber: plan.equipment.serialNumber,
    SoftwareVersions: plan.equipment.softwareVersions,
    DateOfLastCalibration: formatDa(plan.studyDay - 1 - (plan.index % 20)),
    SOPClassUID: SOP_CLASS_UIDS[plan.modality],
  };
}

/** General Series values (PS3.3 C.7.3.1), including the order the study fulfils (Request Attributes Sequence). */
export function seriesElements(plan: StudyPlan, series: SeriesPlan): ElementRecord {
  const { care } = plan;
  const code = procedure(plan);
  const date = formatDa(plan.studyDay);
  return {
    Modality: plan.modality,
    SeriesInstanceUID: series.seriesInstanceUid,
    SeriesNumber: series.seriesNumber,
    SeriesDate: date,
    SeriesTime: formatTm(series.startSeconds),
    SeriesDescription: series.seriesDescription,
    ProtocolName: series.protocolName,
    PerformingPhysicianName: care.performingPhysician,
    OperatorsName: care.operators,
    BodyPartExamined: plan.bodyPart,
    PatientPosition: plan.modality === 'CR' ? undefined : 'HFS',
    RequestAttributesSequence: sequence({
      RequestedProcedureID: care.requestedProcedureId,
      RequestedProcedureDescription: code[1],
      ScheduledProcedureStepID: `SPS${care.requestedProcedureId.slice(2)}`,
      ScheduledProcedureStepDescription: code[1],
      ScheduledProtocolCodeSequence: sequence(codeItem(code)),
    }),
    PerformedProcedureStepStartDate: date,
    PerformedProcedureStepStartTime: formatTm(plan.studyStartSeconds + 60),
    PerformedProcedureStepID: `PPS${care.accessionNumber.replace(/\D/g, '').slice(-6)}`,
    PerformedProcedureStepDescription: code[1],
    ReferencedPerformedProcedureStepSequence: sequence({
      ReferencedSOPClassUID: MPPS_SOP_CLASS_UID,
      ReferencedSOPInstanceUID: syntheticUid(plan.seed, `study/${plan.index}/mpps`),
    }),
  };
}

/** Date and time values of one instance: acquisition and content `offsetSeconds` after the series start (PS3.3 C.7.6.1). */
export function instanceTimeElements(
  plan: StudyPlan,
  series: SeriesPlan,
  offsetSeconds: number,
): ElementRecord {
  const date = formatDa(plan.studyDay);
  const acquired = series.startSeconds + offsetSeconds;
  return {
    AcquisitionDate: date,
    AcquisitionTime: formatTm(acquired, 6),
    ContentDate: date,
    ContentTime: formatTm(acquired + 2, 6),
    InstanceCreationDate: date,
    InstanceCreationTime: formatTm(acquired + 5),
  };
}
