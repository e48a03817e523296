/**
 * The IOD attribute type (PS3.3: 1 required with a value, 2 required possibly
 * empty, 3 optional) that decides a compound action of Table E.1-1 (PS3.15
 * E.1.1): X/Z is Z for Type 2; X/D and Z/D are D for Type 1; X/Z/D is Z for
 * Type 2 and D for Type 1; X/Z/U* is Z for Type 2 and U for Type 1.
 *
 * Only the attributes that carry a compound action (or an X that would break
 * a required attribute) need a type, and only where it is not 3. Families group SOP classes whose modules agree on them;
 * an attribute a family does not list is Type 3 there (removed). "1C" and
 * "2C" conditions are taken as their strong form when the attribute is
 * present: a conditional attribute that was written was presumably required.
 */
export type AttributeType = 1 | 2 | 3;

type Family = 'enhanced' | 'sr' | 'rt' | 'image';

const ENHANCED_SOP_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.2.1', // Enhanced CT
  '1.2.840.10008.5.1.4.1.1.2.2', // Legacy Converted Enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.1', // Enhanced MR
  '1.2.840.10008.5.1.4.1.1.4.2', // MR Spectroscopy
  '1.2.840.10008.5.1.4.1.1.4.3', // Enhanced MR Color
  '1.2.840.10008.5.1.4.1.1.4.4', // Legacy Converted Enhanced MR
  '1.2.840.10008.5.1.4.1.1.6.2', // Enhanced US Volume
  '1.2.840.10008.5.1.4.1.1.12.1.1', // Enhanced XA
  '1.2.840.10008.5.1.4.1.1.12.2.1', // Enhanced XRF
  '1.2.840.10008.5.1.4.1.1.13.1.3', // Breast Tomosynthesis
  '1.2.840.10008.5.1.4.1.1.13.1.4', // Breast Projection X-Ray (Presentation)
  '1.2.840.10008.5.1.4.1.1.13.1.5', // Breast Projection X-Ray (Processing)
  '1.2.840.10008.5.1.4.1.1.14.1', // IVOCT (Presentation)
  '1.2.840.10008.5.1.4.1.1.14.2', // IVOCT (Processing)
  '1.2.840.10008.5.1.4.1.1.30', // Parametric Map
  '1.2.840.10008.5.1.4.1.1.66.4', // Segmentation
  '1.2.840.10008.5.1.4.1.1.128.1', // Legacy Converted Enhanced PET
  '1.2.840.10008.5.1.4.1.1.130', // Enhanced PET
  '1.2.840.10008.5.1.4.1.1.77.1.5.4', // Ophthalmic Tomography
  '1.2.840.10008.5.1.4.1.1.77.1.6', // VL Whole Slide Microscopy
  '1.2.840.10008.5.1.4.1.1.91.1', // Microscopy Bulk Simple Annotations
  '1.2.840.10008.5.1.4.1.1.67', // Real World Value Mapping
]);

const SR_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const RT_PREFIX = '1.2.840.10008.5.1.4.1.1.481.';

/** Keyword → type, per family, for compound-action attributes that are not Type 3. */
const TYPES: Readonly<Record<Family, Readonly<Record<string, AttributeType>>>> = {
  // Multi-frame Functional Groups (C.7.6.16: Content Date/Time Type 1), Enhanced
  // General Equipment (C.7.5.2: Device Serial Number Type 1), Acquisition Context
  // (C.7.6.14: Type 2), Enhanced CT/MR Image (Acquisition DateTime 1C).
  //
  // Source Image Sequence (Derivation Image macro, C.7.6.16.2.6) and Referenced
  // Image Sequence (Referenced Image macro; RWVM C.7.6.16.2.11; annotations) are
  // how a SEG, a parametric map or an annotation points at its images: taken as
  // Type 1 here, so their UIDs are remapped (U) rather than the references lost.
  enhanced: {
    SourceImageSequence: 1,
    ReferencedImageSequence: 1,
    ContentDate: 1,
    ContentTime: 1,
    DeviceSerialNumber: 1,
    AcquisitionDateTime: 1,
    AcquisitionContextSequence: 2,
    PatientID: 2,
    ContrastBolusAgent: 2,
  },
  // SR Document General (C.17.2: Content Date/Time Type 1, Referenced Performed
  // Procedure Step Sequence Type 2; in Referenced Request Sequence items,
  // Referenced Study Sequence and Requested Procedure ID Type 2).
  sr: {
    'ReferencedRequestSequence>ReferencedStudySequence': 2,
    'ReferencedRequestSequence>RequestedProcedureID': 2,
    ContentDate: 1,
    ContentTime: 1,
    ReferencedPerformedProcedureStepSequence: 2,
    PatientID: 2,
  },
  // RT General Plan (C.8.8.9: RT Plan Date/Time Type 2), RT Treatment Machine
  // (Treatment Machine Name Type 2 where present).
  // RT Series (C.8.8.1: Operators' Name Type 2), Approval (C.8.8.16: Reviewer
  // Name 2C, present when approved).
  rt: {
    OperatorsName: 2,
    ReviewerName: 2,
    RTPlanDate: 2,
    RTPlanTime: 2,
    TreatmentMachineName: 2,
    PatientID: 2,
  },
  // General Image (C.7.6.1: Content Date/Time 2C), Contrast/Bolus (C.7.6.4:
  // agent Type 2), Acquisition Context (Type 2 where the IOD includes it).
  image: {
    ContentDate: 2,
    ContentTime: 2,
    ContrastBolusAgent: 2,
    AcquisitionContextSequence: 2,
    PatientID: 2,
  },
};

function familyOf(sopClassUid: string | undefined): Family {
  if (sopClassUid === undefined) return 'image';
  if (ENHANCED_SOP_CLASSES.has(sopClassUid)) return 'enhanced';
  if (sopClassUid.startsWith(SR_PREFIX)) return 'sr';
  if (sopClassUid.startsWith(RT_PREFIX)) return 'rt';
  return 'image';
}

/**
 * The attribute's type in the IOD of `sopClassUid` (3 when not required
 * there). Entries may be scoped to a parent sequence as `Parent>Keyword`: the
 * same attribute can be Type 2 inside one sequence and Type 3 at the top level.
 */
export function attributeType(
  sopClassUid: string | undefined,
  keyword: string,
  parentKeyword?: string,
): AttributeType {
  const types = TYPES[familyOf(sopClassUid)];
  return (
    (parentKeyword === undefined ? undefined : types[`${parentKeyword}>${keyword}`]) ??
    types[keyword] ??
    3
  );
}
