import { formatDa } from '../dicom-date.js';
import { encodeCsa2 } from '../siemens-csa.js';
import type { PhiSeries, PhiStudy } from './phi-modules.js';
import { familyName, phiUid, spacedName } from './phi-modules.js';
import { containing, mark, phi, safe, sq, type TrackedRecord } from './phi-tree.js';

/**
 * Private groups of five vendors, each with elements that carry identifying
 * values (names, IDs, dates, UIDs: what the Basic Profile's "remove private
 * attributes" exists for, PS3.15 E.1.1) next to elements that are safe to
 * keep under the Retain Safe Private Option (PS3.15 E.3.10): either listed in
 * Table E.3.10-1 or marked "k" in TCIA's private tag knowledge base, holding
 * acquisition parameters only. Private creators and element bytes follow
 * those two references; `xx` blocks are 0x10 onward (PS3.5 section 7.8.1).
 */

const TCIA = 'TCIA private tag KB';
const E310 = 'PS3.15 E.3.10-1';

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Siemens (CT): `SIEMENS CM VA0  CMS` (0013) with the patient's name, ID and
 * birth date and the modifying physician; `SIEMENS CT VA0  COAD` (0019)
 * detector spacing and feed per rotation (safe per TCIA); CSA image and
 * series headers (0029,xx10)/(0029,xx20), which TCIA lists as delete and
 * Table E.3.10-1 does not list, holding no identifiers here; and the
 * `SIEMENS MEDCOM HEADER` application header sequence (0029,xx40) whose
 * binary info names the patient.
 */
export function siemensPrivate(study: PhiStudy): TrackedRecord {
  const p = study.patient;
  const viewer = `<ViewerState patient="${p.id}" name="${p.name}" study="${formatDa(study.day)}"/>`;
  return {
    '00130010': 'SIEMENS CM VA0  CMS',
    '00131000': phi('name', study.care.referringPhysician, 'PN'),
    '00131010': phi('date', formatDa(study.day + 2), 'DA'),
    '00131020': phi('name', p.name, 'PN'),
    '00131022': phi('id', p.id, 'LO'),
    '00131030': phi('date', formatDa(p.birthDay), 'DA'),
    '00190010': 'SIEMENS CT VA0  COAD',
    '00191022': safe(TCIA, 'DS', 1.09),
    '001910B0': safe(TCIA, 'DS', 38.4),
    '00290010': 'SIEMENS CSA HEADER',
    '00290011': 'SIEMENS MEDCOM HEADER',
    '00291008': { vr: 'CS', value: 'IMAGE NUM 4' },
    '00291009': { vr: 'LO', value: '20100114' },
    '00291010': {
      vr: 'OB',
      value: encodeCsa2([
        { name: 'SliceNormalVector', vr: 'FD', values: ['0.0', '0.0', '1.0'] },
        { name: 'ProtocolSliceNumber', vr: 'IS', values: ['0'] },
      ]),
    },
    '00291018': { vr: 'CS', value: 'CT' },
    '00291019': { vr: 'LO', value: '20100114' },
    '00291020': {
      vr: 'OB',
      value: encodeCsa2([{ name: 'UsedPatientWeight', vr: 'IS', values: ['81'] }]),
    },
    '00291140': sq({
      '00290011': 'SIEMENS MEDCOM HEADER',
      '00291141': { vr: 'CS', value: 'SYNGO' },
      '00291142': { vr: 'LO', value: 'SYNGO_VIEWING' },
      '00291143': { vr: 'LO', value: '1.0' },
      '00291144': containing(
        { vr: 'OB', value: latin1(viewer) },
        mark('id', p.id),
        mark('name', p.name),
        mark('date', formatDa(study.day)),
      ),
    }),
  };
}

/**
 * GE (CT): `GEMS_IDEN_01` (0009) with the suite ID and equipment UID next to
 * the safe full-fidelity, product and version names; `GEMS_ACQU_01` (0019)
 * table speed and rotation time and `GEMS_PARM_01` (0043) pitch ratio (Table
 * E.3.10-1) and X-ray chain (TCIA "k"); and `GEMS_CT_VES_01` (0051,xx01),
 * a private sequence whose items hold public elements: accession number,
 * patient name and study date.
 */
export function gePrivate(study: PhiStudy): TrackedRecord {
  return {
    '00090010': 'GEMS_IDEN_01',
    '00091001': safe(TCIA, 'LO', 'CT_LIGHTSPEED'),
    '00091002': phi('id', `CT${study.equipment.serialNumber.slice(-4)}`, 'SH'),
    '00091004': safe(TCIA, 'SH', 'LightSpeed VCT'),
    '000910E3': phi(
      'uid',
      phiUid(study.seed, `ge-equipment/${study.equipment.serialNumber}`),
      'UI',
    ),
    '000910E6': safe(TCIA, 'SH', '05'),
    '00190010': 'GEMS_ACQU_01',
    '00191023': safe(E310, 'DS', 39.37),
    '00191027': safe(E310, 'DS', 0.5),
    '00430010': 'GEMS_PARM_01',
    '00431012': safe(TCIA, 'SS', [14, 1, 3]),
    '00431027': safe(E310, 'SH', '0.984:1'),
    ...geVesSequence(study),
  };
}

/** `GEMS_CT_VES_01` (0051,xx01): a private sequence holding public identifying elements. */
export function geVesSequence(study: PhiStudy): TrackedRecord {
  return {
    '00510010': 'GEMS_CT_VES_01',
    '00511001': sq({
      AccessionNumber: phi('id', study.care.accessionNumber),
      PatientName: phi('name', study.patient.name),
      StudyDate: phi('date', formatDa(study.day)),
    }),
  };
}

/**
 * Philips (MR): `Philips Imaging DD 001` (2001) chemical shift and plane
 * orientation (Table E.3.10-1) and the ExamCard name naming the patient;
 * `Philips MR Imaging DD 001` (2005) scale intercept and slope (Table
 * E.3.10-1) and, on a follow-up, the Series PlanScan sequence (2005,xx80)
 * referencing the prior's image; `Philips MR Imaging DD 004` (2005,xx91)
 * patient name job parameter; `Philips MR Imaging DD 005` (2005,xx52)
 * original series UID.
 */
export function philipsPrivate(
  series: PhiSeries,
  planScan?: { readonly sopClassUid: string; readonly sopInstanceUid: string },
): TrackedRecord {
  const p = series.study.patient;
  return {
    '20010010': 'Philips Imaging DD 001',
    '20011001': safe(E310, 'FL', 0),
    '2001100B': safe(E310, 'CS', 'TRANSVERSAL'),
    '200110C8': containing(
      { vr: 'LO', value: `BRAIN ROUTINE ${familyName(p.name)}` },
      mark('name', familyName(p.name)),
    ),
    '20050010': 'Philips MR Imaging DD 001',
    '20050011': 'Philips MR Imaging DD 004',
    '20050012': 'Philips MR Imaging DD 005',
    '2005100D': safe(E310, 'FL', 0),
    '2005100E': safe(E310, 'FL', 0.5),
    '20051080':
      planScan === undefined
        ? undefined
        : sq({
            ReferencedSOPClassUID: planScan.sopClassUid,
            ReferencedSOPInstanceUID: planScan.sopInstanceUid,
          }),
    '20051191': phi('name', p.name, 'PN'),
    '20051252': phi(
      'uid',
      phiUid(series.study.seed, `philips-original/${series.seriesInstanceUid}`),
      'UI',
    ),
  };
}

/**
 * Canon (Toshiba heritage, CT): `TOSHIBA_MEC_1.0` (0009) free text with the
 * patient's name, ID and birth date; `TOSHIBA_MEC_CT3` (7005) detector slice
 * thickness, filter and organ (TCIA "k") next to the volume UID (hashed by
 * TCIA) and the acquisition date of the NRA (date-shifted by TCIA).
 */
export function canonPrivate(series: PhiSeries): TrackedRecord {
  const { study } = series;
  const p = study.patient;
  return {
    '00090010': 'TOSHIBA_MEC_1.0',
    '00091001': containing(
      { vr: 'LT', value: `${p.asciiName} ${p.id} ${formatDa(p.birthDay)}` },
      mark('name', p.asciiName),
      mark('id', p.id),
      mark('date', formatDa(p.birthDay)),
    ),
    '00091002': phi('name', p.name, 'PN'),
    '70050010': 'TOSHIBA_MEC_CT3',
    '70051008': safe(TCIA, 'DS', 0.5),
    '7005100B': safe(TCIA, 'SH', 'FC08'),
    '7005100D': safe(TCIA, 'CS', 'ABDOMEN'),
    '70051016': phi('uid', phiUid(study.seed, `canon-volume/${series.seriesInstanceUid}`), 'UI'),
    '70051024': phi('date', formatDa(study.day), 'DA'),
  };
}

/**
 * Agfa (CR): `Agfa ADC NX` (0019) plate sensitivity and erasability (TCIA
 * "k"); `AGFA EPR PROCEDURE CODE` (0031,xx01) the requested procedure ID and
 * `AGFA STUDY COMMENTS 1.0` (0035,xx00) a comment naming the patient.
 */
export function agfaPrivate(study: PhiStudy): TrackedRecord {
  const p = study.patient;
  return {
    '00190010': 'Agfa ADC NX',
    '001910F6': safe(TCIA, 'DS', 200),
    '001910F7': safe(TCIA, 'DS', 0.8),
    '00310010': 'AGFA EPR PROCEDURE CODE',
    '00311001': phi('id', study.care.requestedProcedureId, 'SH'),
    '00350010': 'AGFA STUDY COMMENTS 1.0',
    '00351000': containing(
      { vr: 'LT', value: `Pt ${spacedName(p.name)} tel ${p.phone}, portable film` },
      mark('name', spacedName(p.name)),
      mark('phone', p.phone),
    ),
  };
}
