import { formatDa, formatTm } from '../dicom-date.js';
import { isoDate } from './phi-identities.js';
import {
  codeItem,
  familyName,
  frameOfReferenceElements,
  phiUid,
  plantedDate,
  plantedDateTime,
  plantedTime,
  type PhiSeries,
} from './phi-modules.js';
import { compositeBase, type PhiObject } from './phi-object.js';
import { containing, mark, phi, sq, type TrackedRecord, type TrackedSequence } from './phi-tree.js';

/** Comprehensive SR Storage (PS3.4 B.5). */
export const COMPREHENSIVE_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.33';
/** Key Object Selection Document Storage (PS3.4 B.5). */
export const KEY_OBJECT_SELECTION_STORAGE = '1.2.840.10008.5.1.4.1.1.88.59';
/** RT Structure Set Storage (PS3.4 B.5). */
export const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';
/** Study Component Management SOP Class (retired), which RT Referenced Study items name (PS3.3 C.8.8.5). */
const STUDY_COMPONENT_SOP_CLASS = '1.2.840.10008.3.1.2.3.2';

/** Where a document goes and what it points at. */
export interface DocumentOptions {
  readonly series: PhiSeries;
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly transferSyntaxUid: string;
  readonly description: string;
}

/**
 * Hierarchical SOP Instance Reference items (PS3.3 C.17.2.1): the objects
 * grouped by study and series, as the evidence sequences hold them.
 */
export function evidenceSequence(objects: readonly PhiObject[]): TrackedSequence {
  const studies = new Map<string, Map<string, PhiObject[]>>();
  for (const object of objects) {
    const studyUid = object.series.study.studyInstanceUid;
    const series = studies.get(studyUid) ?? new Map<string, PhiObject[]>();
    studies.set(studyUid, series);
    const list = series.get(object.series.seriesInstanceUid) ?? [];
    series.set(object.series.seriesInstanceUid, list);
    list.push(object);
  }
  return sq(
    ...[...studies].map(([studyUid, series]) => ({
      StudyInstanceUID: studyUid,
      ReferencedSeriesSequence: sq(
        ...[...series].map(([seriesUid, list]) => ({
          SeriesInstanceUID: seriesUid,
          ReferencedSOPSequence: sq(
            ...list.map((o) => ({
              ReferencedSOPClassUID: o.sopClassUid,
              ReferencedSOPInstanceUID: o.sopInstanceUid,
            })),
          ),
        })),
      ),
    })),
  );
}

function concept(value: string, scheme: string, meaning: string): TrackedRecord {
  return { ConceptNameCodeSequence: sq(codeItem(value, scheme, meaning)) };
}

function imageItem(
  object: PhiObject,
  conceptName: TrackedRecord | undefined,
  frame?: number,
): TrackedRecord {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ...conceptName,
    ReferencedSOPSequence: sq({
      ReferencedSOPClassUID: object.sopClassUid,
      ReferencedSOPInstanceUID: object.sopInstanceUid,
      ReferencedFrameNumber: frame,
    }),
  };
}

/** Observer context (TID 1002): a person observer with organisation. */
function observerContext(series: PhiSeries): TrackedRecord[] {
  const { care } = series.study;
  return [
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'CODE',
      ...concept('121005', 'DCM', 'Observer Type'),
      ConceptCodeSequence: sq(codeItem('121006', 'DCM', 'Person')),
    },
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'PNAME',
      ...concept('121008', 'DCM', 'Person Observer Name'),
      PersonName: phi('name', care.readingPhysician),
    },
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'TEXT',
      ...concept('121009', 'DCM', "Person Observer's Organization Name"),
      TextValue: phi('institution', care.institutionName),
    },
  ];
}

/** Referenced Request Sequence item (PS3.3 C.17.2): the order with its numbers. */
function referencedRequest(series: PhiSeries): TrackedRecord {
  const { study } = series;
  return {
    StudyInstanceUID: study.studyInstanceUid,
    AccessionNumber: phi('id', study.care.accessionNumber),
    ReferencedStudySequence: sq(),
    PlacerOrderNumberImagingServiceRequest: phi('id', `PO-${study.care.accessionNumber.slice(1)}`),
    FillerOrderNumberImagingServiceRequest: phi('id', `FO-${study.care.studyId}`),
    RequestedProcedureID: phi('id', study.care.requestedProcedureId),
    RequestedProcedureDescription: containing(study.description, ...study.descriptionMarks),
    RequestedProcedureCodeSequence: sq(codeItem('CTCH01', '99SYNPHI', 'CT CHEST')),
  };
}

/**
 * A Comprehensive SR report (PS3.3 A.35.3): observer and subject context with
 * the reader's and the patient's names, ID and birth date; findings with TEXT
 * naming the patient and MRN, DATE, TIME, DATETIME, a UIDREF to the prior
 * study and IMAGE references two levels down to images of the set (one with
 * a frame number into the enhanced CT); a verifying observer; the request;
 * evidence sequences listing every referenced image.
 */
export function srReport(
  options: DocumentOptions & {
    readonly current: readonly PhiObject[];
    readonly enhanced: PhiObject;
    readonly prior: readonly PhiObject[];
  },
): PhiObject {
  const { series, instanceNumber } = options;
  const { study } = series;
  const p = study.patient;
  const sopInstanceUid = phiUid(study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const priorStudy = options.prior[0]?.series.study;
  const priorDate = formatDa(p.priorDay);
  const first = options.current[0];
  const priorImage = options.prior[0];
  if (first === undefined || priorImage === undefined || priorStudy === undefined)
    throw new RangeError('the SR report needs current and prior images');
  const reportSeconds = series.startSeconds + 3600;
  const findingText = `Nodule in ${p.name} (MRN ${p.id}) stable since ${isoDate(p.priorDay)}.`;
  const content: TrackedRecord[] = [
    ...observerContext(series),
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'PNAME',
      ...concept('121029', 'DCM', 'Subject Name'),
      PersonName: phi('name', p.name),
    },
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'TEXT',
      ...concept('121030', 'DCM', 'Subject ID'),
      TextValue: phi('id', p.id),
    },
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'DATE',
      ...concept('121031', 'DCM', 'Subject Birth Date'),
      Date: plantedDate(p.birthDay),
    },
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'UIDREF',
      ...concept('121018', 'DCM', 'Procedure Study Instance UID'),
      UID: study.studyInstanceUid,
    },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CONTAINER',
      ...concept('121070', 'DCM', 'Findings'),
      ContinuityOfContent: 'SEPARATE',
      ContentSequence: sq(
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'TEXT',
          ...concept('121071', 'DCM', 'Finding'),
          ObservationDateTime: plantedDateTime(study.day, reportSeconds),
          TextValue: containing(
            findingText,
            mark('name', p.name),
            mark('id', p.id),
            mark('date', isoDate(p.priorDay)),
          ),
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'DATE',
          ...concept('111060', 'DCM', 'Study Date'),
          Date: phi('date', priorDate),
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'TIME',
          ...concept('111061', 'DCM', 'Study Time'),
          Time: plantedTime(priorStudy.startSeconds),
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'DATETIME',
          ...concept('111526', 'DCM', 'DateTime Started'),
          DateTime: plantedDateTime(study.day, study.startSeconds),
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'UIDREF',
          ...concept('110180', 'DCM', 'Study Instance UID'),
          UID: priorStudy.studyInstanceUid,
        },
        imageItem(first, concept('121080', 'DCM', 'Best illustration of finding')),
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'CONTAINER',
          ...concept('121112', 'DCM', 'Source of Measurement'),
          ContinuityOfContent: 'SEPARATE',
          ContentSequence: sq(
            imageItem(options.enhanced, concept('121112', 'DCM', 'Source of Measurement'), 2),
            imageItem(priorImage, concept('121112', 'DCM', 'Source of Measurement')),
            {
              RelationshipType: 'CONTAINS',
              ValueType: 'TEXT',
              ...concept('121106', 'DCM', 'Comment'),
              TextValue: containing(
                `Dictated by ${study.care.readingPhysician} on ${isoDate(study.day)}`,
                mark('name', study.care.readingPhysician),
                mark('date', isoDate(study.day)),
              ),
            },
          ),
        },
      ),
    },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CONTAINER',
      ...concept('121076', 'DCM', 'Conclusions'),
      ContinuityOfContent: 'SEPARATE',
      ContentSequence: sq({
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ...concept('121077', 'DCM', 'Conclusion'),
        TextValue: containing(
          `Stable. Discussed with DR ${familyName(study.care.referringPhysician)} at ${p.phone}.`,
          mark('name', familyName(study.care.referringPhysician)),
          mark('phone', p.phone),
        ),
      }),
    },
  ];
  const record: TrackedRecord = {
    ...compositeBase(series, COMPREHENSIVE_SR_STORAGE, sopInstanceUid, reportSeconds),
    InstanceNumber: instanceNumber,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'VERIFIED',
    ContentDate: plantedDate(study.day),
    ContentTime: plantedTime(reportSeconds),
    VerifyingObserverSequence: sq({
      VerifyingObserverName: phi('name', study.care.readingPhysician),
      VerifyingObserverIdentificationCodeSequence: sq(),
      VerifyingOrganization: phi('institution', study.care.institutionName),
      VerificationDateTime: plantedDateTime(study.day, reportSeconds + 600),
    }),
    AuthorObserverSequence: sq({
      ObserverType: 'PSN',
      PersonName: phi('name', study.care.readingPhysician),
      PersonIdentificationCodeSequence: sq(
        codeItem('RAD-0042', '99SYNPHI', familyName(study.care.readingPhysician)),
      ),
      InstitutionName: phi('institution', study.care.institutionName),
      InstitutionCodeSequence: sq(codeItem('SAGH', '99SYNPHI', study.care.institutionName)),
    }),
    ReferencedRequestSequence: sq(referencedRequest(series)),
    PerformedProcedureCodeSequence: sq(codeItem('CTCH01', '99SYNPHI', 'CT CHEST')),
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence([
      ...options.current,
      options.enhanced,
    ]),
    PertinentOtherEvidenceSequence: evidenceSequence(options.prior),
    ValueType: 'CONTAINER',
    ...concept('18748-4', 'LN', 'Diagnostic Imaging Report'),
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: sq(...content),
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: COMPREHENSIVE_SR_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: [],
    recordType: 'SR DOCUMENT',
    directoryKeys: {
      InstanceNumber: instanceNumber,
      CompletionFlag: 'COMPLETE',
      VerificationFlag: 'VERIFIED',
      ContentDate: plantedDate(study.day),
      ContentTime: plantedTime(reportSeconds),
      VerificationDateTime: plantedDateTime(study.day, reportSeconds + 600),
      ...concept('18748-4', 'LN', 'Diagnostic Imaging Report'),
    },
    burnedInAnnotation: null,
    description: options.description,
  };
}

/**
 * A Key Object Selection document (PS3.3 A.35.4, TID 2010 "Of Interest")
 * flagging images, with a description naming the patient.
 */
export function keyObjectSelection(
  options: DocumentOptions & { readonly selected: readonly PhiObject[] },
): PhiObject {
  const { series, instanceNumber } = options;
  const { study } = series;
  const p = study.patient;
  const sopInstanceUid = phiUid(study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const seconds = series.startSeconds + 1800;
  const record: TrackedRecord = {
    ...compositeBase(series, KEY_OBJECT_SELECTION_STORAGE, sopInstanceUid, seconds),
    InstanceNumber: instanceNumber,
    ContentDate: plantedDate(study.day),
    ContentTime: plantedTime(seconds),
    ReferencedRequestSequence: sq(referencedRequest(series)),
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence(options.selected),
    ValueType: 'CONTAINER',
    ...concept('113000', 'DCM', 'Of Interest'),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: sq({ MappingResource: 'DCMR', TemplateIdentifier: '2010' }),
    ContentSequence: sq(
      ...observerContext(series),
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ...concept('113012', 'DCM', 'Key Object Description'),
        TextValue: containing(
          `Key images for ${p.name}, MRN ${p.id}, tumour board ${isoDate(study.day + 7)}`,
          mark('name', p.name),
          mark('id', p.id),
          mark('date', isoDate(study.day + 7)),
        ),
      },
      ...options.selected.map((o) => imageItem(o, undefined)),
    ),
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: KEY_OBJECT_SELECTION_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: [],
    recordType: 'KEY OBJECT DOC',
    directoryKeys: {
      InstanceNumber: instanceNumber,
      ContentDate: plantedDate(study.day),
      ContentTime: plantedTime(seconds),
      ...concept('113000', 'DCM', 'Of Interest'),
    },
    burnedInAnnotation: null,
    description: options.description,
  };
}

/**
 * An RT Structure Set (PS3.3 A.19) contouring a lesion on CT images: it
 * references their frame of reference, study, series and SOP instances; the
 * label, ROI name, interpreter and approving reviewer name the patient and staff.
 */
export function rtStructureSet(
  options: DocumentOptions & { readonly images: readonly PhiObject[] },
): PhiObject {
  const { series, instanceNumber } = options;
  const { study } = series;
  const p = study.patient;
  const image = options.images[0];
  if (image === undefined) throw new RangeError('the structure set needs images');
  const imageSeries = image.series;
  const sopInstanceUid = phiUid(study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const seconds = series.startSeconds + 5400;
  const label = `${familyName(p.name)}_${p.id}`.slice(0, 16);
  const contourImages = (list: readonly PhiObject[]): TrackedSequence =>
    sq(
      ...list.map((o) => ({
        ReferencedSOPClassUID: o.sopClassUid,
        ReferencedSOPInstanceUID: o.sopInstanceUid,
      })),
    );
  const record: TrackedRecord = {
    ...compositeBase(series, RT_STRUCTURE_SET_STORAGE, sopInstanceUid, seconds),
    ...frameOfReferenceElements(imageSeries),
    InstanceNumber: instanceNumber,
    StructureSetLabel: phi('id', label),
    StructureSetName: containing(`GTV ${familyName(p.name)}`, mark('name', familyName(p.name))),
    StructureSetDescription: containing(
      `Contoured ${isoDate(study.day)} for ${p.id}`,
      mark('date', isoDate(study.day)),
      mark('id', p.id),
    ),
    StructureSetDate: plantedDate(study.day),
    StructureSetTime: plantedTime(seconds),
    ReferencedFrameOfReferenceSequence: sq({
      FrameOfReferenceUID: imageSeries.frameOfReferenceUid,
      RTReferencedStudySequence: sq({
        ReferencedSOPClassUID: STUDY_COMPONENT_SOP_CLASS,
        ReferencedSOPInstanceUID: imageSeries.study.studyInstanceUid,
        RTReferencedSeriesSequence: sq({
          SeriesInstanceUID: imageSeries.seriesInstanceUid,
          ContourImageSequence: contourImages(options.images),
        }),
      }),
    }),
    StructureSetROISequence: sq({
      ROINumber: 1,
      ReferencedFrameOfReferenceUID: imageSeries.frameOfReferenceUid,
      ROIName: containing(`GTV_${familyName(p.name)}`, mark('name', familyName(p.name))),
      ROIDescription: containing(
        `Lesion of ${p.name} seen ${formatDa(p.priorDay)}`,
        mark('name', p.name),
        mark('date', formatDa(p.priorDay)),
      ),
      ROIGenerationAlgorithm: 'MANUAL',
    }),
    ROIContourSequence: sq({
      ReferencedROINumber: 1,
      ROIDisplayColor: [255, 0, 0],
      ContourSequence: sq(
        ...options.images.map((o, i) => ({
          ContourImageSequence: contourImages([o]),
          ContourGeometricType: 'CLOSED_PLANAR',
          NumberOfContourPoints: 4,
          ContourNumber: i + 1,
          ContourData: [
            -10,
            -10,
            -100 + i * 2.5,
            10,
            -10,
            -100 + i * 2.5,
            10,
            10,
            -100 + i * 2.5,
            -10,
            10,
            -100 + i * 2.5,
          ],
        })),
      ),
    }),
    RTROIObservationsSequence: sq({
      ObservationNumber: 1,
      ReferencedROINumber: 1,
      ROIObservationLabel: containing(`GTV ${p.id}`, mark('id', p.id)),
      RTROIInterpretedType: 'GTV',
      ROIInterpreter: phi('name', study.care.readingPhysician),
    }),
    ApprovalStatus: 'APPROVED',
    ReviewDate: phi('date', formatDa(study.day + 1)),
    ReviewTime: phi('time', formatTm(seconds + 1200, 6)),
    ReviewerName: phi('name', study.care.referringPhysician),
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: RT_STRUCTURE_SET_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: [],
    recordType: 'RT STRUCTURE SET',
    directoryKeys: {
      InstanceNumber: instanceNumber,
      StructureSetLabel: phi('id', label),
      StructureSetDate: plantedDate(study.day),
      StructureSetTime: plantedTime(seconds),
    },
    burnedInAnnotation: null,
    description: options.description,
  };
}
