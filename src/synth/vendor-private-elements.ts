import type { CrAcquisition, CtAcquisition, MrAcquisition } from './acquisition-parameters.js';
import { formatDa } from './dicom-date.js';
import { sequence, type ElementRecord } from './element-tree.js';
import { encodeCsa2, type CsaElement } from './siemens-csa.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';
import { syntheticUid } from './synthetic-uid.js';
import type { Vec3 } from './vector.js';

/** Where an instance sits and how it was acquired: what vendors copy into their private groups. */
export interface PrivateElementContext {
  readonly plan: StudyPlan;
  readonly series: SeriesPlan;
  readonly instanceNumber: number;
  readonly sliceIndex: number;
  readonly positionLps: Vec3;
  readonly sliceLocationMm: number;
  readonly acquisition:
    | { readonly modality: 'CT'; readonly ct: CtAcquisition }
    | { readonly modality: 'MR'; readonly mr: MrAcquisition }
    | { readonly modality: 'CR'; readonly cr: CrAcquisition };
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);
}

/**
 * Siemens: CSA image and series headers in (0029,xx10)/(0029,xx20) under
 * `SIEMENS CSA HEADER`; a private sequence under `SIEMENS MEDCOM HEADER`;
 * `SIEMENS MR HEADER` (0019,xx..) and (0051,xx..) for MR, `SIEMENS CT VA0  COAD` for CT.
 * The series header carries an ASCCONV protocol text that repeats the protocol
 * name and a reference UID, as real ones do: a place where identifiers hide.
 */
function siemens(ctx: PrivateElementContext): ElementRecord {
  const { plan, series } = ctx;
  const g = series.geometry;
  const image: CsaElement[] = [
    { name: 'SliceNormalVector', vr: 'FD', values: g.normalLps.map((v) => fixed(v, 8)) },
    { name: 'ProtocolSliceNumber', vr: 'IS', values: [String(ctx.sliceIndex)] },
    {
      name: 'ImaAbsTablePosition',
      vr: 'SL',
      values: ['0', '0', String(Math.round(-ctx.positionLps[2]))],
    },
  ];
  if (ctx.acquisition.modality === 'MR') {
    image.push(
      { name: 'ImaCoilString', vr: 'LO', values: [ctx.acquisition.mr.receiveCoil] },
      {
        name: 'BandwidthPerPixelPhaseEncode',
        vr: 'FD',
        values: [fixed(ctx.acquisition.mr.pixelBandwidthHz / 10, 6)],
      },
      { name: 'B_value', vr: 'IS', values: ['0'] },
    );
  }
  const protocol = [
    '### ASCCONV BEGIN ###',
    `tProtocolName = "${series.protocolName.replace(/ /g, '+')}"`,
    `tReferenceImage0 = "${syntheticUid(plan.seed, `study/${plan.index}/localizer`)}"`,
    `sProtConsistencyInfo.tBaselineString = "${plan.equipment.softwareVersions.join(' ')}"`,
    `sSliceArray.lSize = ${g.slices}`,
    `sSliceArray.asSlice[0].dThickness = ${g.sliceThicknessMm}`,
    `sSliceArray.asSlice[0].dPhaseFOV = ${fixed(g.rows * g.rowSpacingMm, 1)}`,
    `sSliceArray.asSlice[0].dReadoutFOV = ${fixed(g.columns * g.columnSpacingMm, 1)}`,
    `sPat.lAccelFactPE = 2`,
    '### ASCCONV END ###',
  ].join('\n');
  const seriesHeader: CsaElement[] = [
    { name: 'UsedPatientWeight', vr: 'IS', values: [String(plan.patient.weightKg)] },
    { name: 'MrPhoenixProtocol', vr: 'UN', values: [protocol] },
  ];
  const modalityCode = ctx.acquisition.modality;
  const record: ElementRecord = {
    '00290010': 'SIEMENS CSA HEADER',
    '00290011': 'SIEMENS MEDCOM HEADER',
    '00291008': { vr: 'CS', value: modalityCode === 'MR' ? 'IMAGE NUM 4' : 'SOM 5 TAGS' },
    '00291009': { vr: 'LO', value: '20100114' },
    '00291010': { vr: 'OB', value: encodeCsa2(image) },
    '00291018': { vr: 'CS', value: modalityCode },
    '00291019': { vr: 'LO', value: '20100114' },
    '00291020': { vr: 'OB', value: encodeCsa2(seriesHeader) },
    '00291140': sequence({
      '00290011': 'SIEMENS MEDCOM HEADER',
      '00291141': { vr: 'CS', value: 'SYNGO' },
      '00291142': { vr: 'LO', value: 'SYNGO_VIEWING' },
      '00291143': { vr: 'LO', value: '1.0' },
      '00291144': { vr: 'OB', value: ascii(`<ViewerState patient="${plan.patient.id}"/>`) },
    }),
  };
  if (ctx.acquisition.modality === 'MR') {
    const mr = ctx.acquisition.mr;
    Object.assign(record, {
      '00190010': 'SIEMENS MR HEADER',
      '00191008': { vr: 'CS', value: 'IMAGE NUM 4' },
      '00191009': { vr: 'LO', value: '1.0' },
      '0019100B': { vr: 'DS', value: fixed(mr.repetitionTimeMs * 0.9, 1) },
      '0019100F': { vr: 'SH', value: 'Fast' },
      '00191011': { vr: 'SH', value: 'No' },
      '00191012': { vr: 'SL', value: [0, 0, Math.round(-ctx.positionLps[2])] },
      '00191015': { vr: 'FD', value: [...ctx.positionLps] },
      '00191017': { vr: 'DS', value: 1 },
      '00191018': { vr: 'IS', value: 3900 },
      '00510010': 'SIEMENS MR HEADER',
      '00511008': { vr: 'CS', value: 'IMAGE NUM 4' },
      '00511009': { vr: 'LO', value: '1.0' },
      '0051100B': { vr: 'SH', value: `${series.geometry.rows}p*${series.geometry.columns}` },
      '0051100F': { vr: 'LO', value: mr.receiveCoil },
      '00511013': { vr: 'SH', value: '+LPH' },
    } satisfies ElementRecord);
  } else if (ctx.acquisition.modality === 'CT') {
    const ct = ctx.acquisition.ct;
    Object.assign(record, {
      '00190010': 'SIEMENS CT VA0  COAD',
      '00191022': { vr: 'DS', value: 1.4 },
      '00191052': { vr: 'DS', value: ct.tableSpeedMmPerS * ct.rotationTimeS },
      '00191054': { vr: 'DS', value: ct.rotationTimeS },
      '00191070': { vr: 'DS', value: 0.019 },
      '001910A2': { vr: 'CS', value: 'STANDARD' },
      '001910B0': { vr: 'DS', value: ct.tableSpeedMmPerS * ct.rotationTimeS },
    } satisfies ElementRecord);
  }
  return record;
}

/**
 * GE: `GEMS_IDEN_01` (0009), `GEMS_ACQU_01` (0019), `GEMS_RELA_01` (0021),
 * `GEMS_IMAG_01` (0027), `GEMS_PARM_01` (0043), `GEMS_PATI_01` (0011); the CT
 * cardiac private sequence (0049,xx01). GE's implicit VR exports give a reader
 * no VR for these: it needs a private dictionary or reads them as UN.
 */
function ge(ctx: PrivateElementContext): ElementRecord {
  const { plan, series } = ctx;
  const g = series.geometry;
  const location = ctx.positionLps[2];
  const modality = ctx.acquisition.modality;
  const record: ElementRecord = {
    '00090010': 'GEMS_IDEN_01',
    '00091001': {
      vr: 'LO',
      value: modality === 'CT' ? 'CT_LIGHTSPEED' : modality === 'MR' ? 'GE_GENESIS_DV' : 'GE_DR',
    },
    '00091002': {
      vr: 'SH',
      value: modality === 'CT' ? 'CT01' : modality === 'MR' ? 'MR01' : 'XR01',
    },
    '00091004': { vr: 'SH', value: plan.equipment.model.slice(0, 16) },
    '000910E3': {
      vr: 'UI',
      value: syntheticUid(plan.seed, `equipment/ge/${plan.equipment.serialNumber}`),
    },
    '000910E6': { vr: 'SH', value: '05' },
    '00110010': 'GEMS_PATI_01',
    '00111010': { vr: 'SS', value: 2 },
    '00210010': 'GEMS_RELA_01',
    '00211003': { vr: 'SS', value: 1 },
    '0021104F': { vr: 'SS', value: g.slices },
    '00430010': 'GEMS_PARM_01',
    '00431010': { vr: 'US', value: 400 },
  };
  if (modality === 'CR') return record;
  Object.assign(record, {
    '00190010': 'GEMS_ACQU_01',
    '00191018': { vr: 'LO', value: 'S' },
    '00191019': { vr: 'DS', value: fixed(location, 4) },
    '0019101E': { vr: 'DS', value: fixed(g.columns * g.columnSpacingMm, 2) },
    '00270010': 'GEMS_IMAG_01',
    '00271035': { vr: 'SS', value: 2 },
    '00271040': { vr: 'SH', value: location >= 0 ? 'S' : 'I' },
    '00271041': { vr: 'FL', value: location },
    '00271060': { vr: 'FL', value: g.columns * g.columnSpacingMm },
    '00271061': { vr: 'FL', value: g.rows * g.rowSpacingMm },
  } satisfies ElementRecord);
  if (ctx.acquisition.modality === 'CT') {
    const ct = ctx.acquisition.ct;
    Object.assign(record, {
      '00191023': { vr: 'DS', value: fixed(ct.tableSpeedMmPerS * ct.rotationTimeS, 4) },
      '00191027': { vr: 'DS', value: fixed(ct.rotationTimeS * 1000, 2) },
      '00431012': { vr: 'SS', value: [14, 1, 3] },
      '00431027': { vr: 'SH', value: `${fixed(ct.spiralPitchFactor, 3)}:1` },
      '00490010': 'GEMS_CT_CARDIAC_001',
      '00491001': sequence({
        '00490010': 'GEMS_CT_CARDIAC_001',
        '00491002': { vr: 'CS', value: 'NO' },
        '00491008': { vr: 'CS', value: 'OFF' },
      }),
    } satisfies ElementRecord);
  } else if (ctx.acquisition.modality === 'MR') {
    Object.assign(record, {
      '00431001': { vr: 'SS', value: 0 },
      '0043102D': { vr: 'SH', value: series.weighting === 'T1' ? 'SE' : 'FSE' },
    } satisfies ElementRecord);
  }
  return record;
}

/**
 * Philips: `Philips Imaging DD 001` (2001) with the MR Stack Sequence
 * (2001,xx5F), and `Philips MR Imaging DD 001` (2005) with the private
 * scale slope (2005,xx0E) Philips MR images are known for; `ELSCINT1` (01F1) for CT.
 */
function philips(ctx: PrivateElementContext): ElementRecord {
  const { series } = ctx;
  const g = series.geometry;
  const record: ElementRecord = {
    '20010010': 'Philips Imaging DD 001',
    '20011063': { vr: 'CS', value: 'UNKNOWN' },
  };
  if (ctx.acquisition.modality === 'MR') {
    const mr = ctx.acquisition.mr;
    Object.assign(record, {
      '20011001': { vr: 'FL', value: 0 },
      '20011003': { vr: 'FL', value: 0 },
      '2001100A': { vr: 'IS', value: ctx.sliceIndex + 1 },
      '2001100B': { vr: 'CS', value: 'TRANSVERSAL' },
      '20011018': { vr: 'SL', value: g.slices },
      '20011020': { vr: 'LO', value: series.weighting === 'T1' ? 'SE' : 'TSE' },
      '20011022': { vr: 'FL', value: 1.4 },
      '20011023': { vr: 'DS', value: mr.flipAngleDeg },
      '20011060': { vr: 'SL', value: 1 },
      '2001105F': sequence({
        '20010010': 'Philips Imaging DD 001',
        '2001102D': { vr: 'SS', value: g.slices },
        '20011032': { vr: 'FL', value: 0 },
        '20011033': { vr: 'CS', value: 'RL' },
        '20011035': { vr: 'SS', value: 1 },
        '20011036': { vr: 'CS', value: 'PARALLEL' },
      }),
      '20050010': 'Philips MR Imaging DD 001',
      '2005100D': { vr: 'FL', value: 0 },
      '2005100E': { vr: 'FL', value: 0.00723 },
    } satisfies ElementRecord);
  } else if (ctx.acquisition.modality === 'CT') {
    const ct = ctx.acquisition.ct;
    Object.assign(record, {
      '01F10010': 'ELSCINT1',
      '01F11001': { vr: 'CS', value: 'SPIRAL' },
      '01F11007': { vr: 'DS', value: ct.tableSpeedMmPerS },
      '01F11026': { vr: 'DS', value: ct.spiralPitchFactor },
      '01F11027': { vr: 'DS', value: ct.rotationTimeS },
    } satisfies ElementRecord);
  }
  return record;
}

/**
 * Canon (Toshiba heritage): `TOSHIBA_MEC_CT3` (7005) with its private
 * Enhanced CT sequence (7005,xx28) for CT; `TOSHIBA_MEC_MR3` (700D) for MR.
 */
function canon(ctx: PrivateElementContext): ElementRecord {
  const { plan, series } = ctx;
  const g = series.geometry;
  if (ctx.acquisition.modality === 'CT') {
    const ct = ctx.acquisition.ct;
    return {
      '70050010': 'TOSHIBA_MEC_CT3',
      '70051007': { vr: 'DS', value: [0, 0] },
      '70051008': { vr: 'DS', value: ct.singleCollimationMm },
      '7005100B': { vr: 'SH', value: ct.kernel },
      '7005100D': { vr: 'CS', value: plan.bodyPart },
      '7005100F': { vr: 'SH', value: 'HF' },
      '70051012': { vr: 'SH', value: 'SUPINE' },
      '70051016': {
        vr: 'UI',
        value: syntheticUid(plan.seed, `study/${plan.index}/series/${series.index}/volume`),
      },
      '70051017': { vr: 'US', value: g.slices },
      '70051018': { vr: 'US', value: ctx.sliceIndex + 1 },
      '70051023': { vr: 'DS', value: ct.spiralPitchFactor },
      '70051024': { vr: 'DA', value: formatDa(plan.studyDay) },
      '70051028': sequence({
        '70050010': 'TOSHIBA_MEC_CT3',
        '70051029': {
          vr: 'UI',
          value: syntheticUid(
            plan.seed,
            `study/${plan.index}/series/${series.index}/frame/${ctx.sliceIndex}`,
          ),
        },
      }),
      '70051030': { vr: 'CS', value: 'CT' },
    };
  }
  if (ctx.acquisition.modality === 'MR') {
    return {
      '700D0010': 'TOSHIBA_MEC_MR3',
      '700D1000': { vr: 'DS', value: 1 },
      '700D1002': {
        vr: 'DS',
        value: [...g.rowDirectionLps, ...g.columnDirectionLps, ...g.normalLps].map((v) =>
          Number(v.toFixed(6)),
        ),
      },
      '700D1003': { vr: 'SS', value: 0 },
      '700D1005': { vr: 'DS', value: Number((g.columns * g.columnSpacingMm).toFixed(1)) },
      '700D1006': { vr: 'US', value: [g.rows, g.columns, g.rows, g.columns] },
    };
  }
  return {
    '00090010': 'TOSHIBA_MEC_1.0',
    '00091001': { vr: 'LT', value: `${plan.equipment.model} ${plan.equipment.serialNumber}` },
  };
}

/** The private groups a vendor style writes for one instance (PS3.5 section 7.8 private elements). */
export function vendorPrivateElements(ctx: PrivateElementContext): ElementRecord {
  switch (ctx.plan.vendor.style) {
    case 'siemens':
      return siemens(ctx);
    case 'ge':
      return ge(ctx);
    case 'philips':
      return philips(ctx);
    case 'canon':
      return canon(ctx);
  }
}
