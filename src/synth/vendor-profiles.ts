import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN } from '../dicom/index.js';

/** Modalities the generator produces (Modality (0008,0060) values, PS3.3 C.7.3.1.1.1). */
export const SYNTH_MODALITIES = ['CT', 'MR', 'CR'] as const;
/** One of {@link SYNTH_MODALITIES}. */
export type SynthModality = (typeof SYNTH_MODALITIES)[number];

/** Vendor styles: how a manufacturer's scanners typically fill and encode their headers. */
export const VENDOR_STYLES = ['siemens', 'ge', 'philips', 'canon'] as const;
/** One of {@link VENDOR_STYLES}. */
export type VendorStyle = (typeof VENDOR_STYLES)[number];

/**
 * What a vendor style writes: identity strings (model names and software
 * versions as those scanners report them), the transfer syntax its exports
 * typically use, and how CT pixels are stored. Plausible, not exhaustive.
 */
export interface VendorProfile {
  readonly style: VendorStyle;
  /** Manufacturer (0008,0070) as the scanners write it. */
  readonly manufacturer: string;
  readonly models: Readonly<Record<SynthModality, readonly string[]>>;
  /** Software Versions (0018,1020) values (multi-valued where the vendor writes several). */
  readonly softwareVersions: Readonly<Record<SynthModality, readonly (readonly string[])[]>>;
  readonly stationNames: Readonly<Record<SynthModality, readonly string[]>>;
  /** Exports are implicit VR little endian for GE (as its older consoles send), explicit otherwise. */
  readonly transferSyntaxUid: string;
  readonly ct: {
    /** Pixel Representation 1 (two's complement) or 0. */
    readonly signed: boolean;
    readonly bitsStored: number;
    /** Stored value outside the reconstruction circle, written as Pixel Padding Value when defined. */
    readonly paddingValue: number | undefined;
    readonly kernels: readonly string[];
  };
  readonly mr: {
    readonly fieldStrengthsT: readonly number[];
    readonly t1SequenceName: string;
    readonly t2SequenceName: string;
    readonly receiveCoils: readonly string[];
  };
  readonly crPhotometric: 'MONOCHROME1' | 'MONOCHROME2';
}

/** The profile of every vendor style. */
export const VENDOR_PROFILES: Readonly<Record<VendorStyle, VendorProfile>> = {
  siemens: {
    style: 'siemens',
    manufacturer: 'SIEMENS',
    models: {
      CT: ['SOMATOM Definition AS+', 'SOMATOM Force', 'SOMATOM go.Up'],
      MR: ['Skyra', 'Avanto_fit', 'MAGNETOM Vida'],
      CR: ['Fluorospot Compact FD'],
    },
    softwareVersions: {
      CT: [['syngo CT VA48A'], ['syngo CT VB10A']],
      MR: [['syngo MR E11'], ['syngo MR XA20']],
      CR: [['VF85C']],
    },
    stationNames: { CT: ['CTAWP73918', 'CT-ER-2'], MR: ['MRC25187', 'MRC40311'], CR: ['FLC-XR1'] },
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    ct: {
      signed: false,
      bitsStored: 12,
      paddingValue: undefined,
      kernels: ['B30f', 'B31s', 'Br40d', 'I40f'],
    },
    mr: {
      fieldStrengthsT: [1.5, 3],
      t1SequenceName: '*se2d1',
      t2SequenceName: '*tse2d1_15',
      receiveCoils: ['HeadNeck_20', 'Body_18', 'HE1-4'],
    },
    crPhotometric: 'MONOCHROME2',
  },
  ge: {
    style: 'ge',
    manufacturer: 'GE MEDICAL SYSTEMS',
    models: {
      CT: ['LightSpeed VCT', 'Revolution CT', 'Discovery CT750 HD'],
      MR: ['SIGNA Premier', 'DISCOVERY MR750', 'Optima MR450w'],
      CR: ['Definium 6000'],
    },
    softwareVersions: {
      CT: [['gmp_vct.44'], ['revo_ct_21a.33']],
      MR: [
        ['27', 'LX', 'MR Software release:DV26.0_R03_1831.b'],
        ['28', 'LX', 'MR29.1_EA_2039.a'],
      ],
      CR: [['DM_Platform_Release_Gen2']],
    },
    stationNames: { CT: ['GEHCGEHC', 'CT01_OC0'], MR: ['GEMR3T01', 'MROW2'], CR: ['XR-ROOM4'] },
    transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN,
    ct: {
      signed: true,
      bitsStored: 16,
      paddingValue: -2000,
      kernels: ['STANDARD', 'SOFT', 'LUNG', 'BONE'],
    },
    mr: {
      fieldStrengthsT: [1.5, 3],
      t1SequenceName: 'SE',
      t2SequenceName: 'FSE-XL',
      receiveCoils: ['8HRBRAIN', 'HNS Head', '32Ch Body'],
    },
    crPhotometric: 'MONOCHROME2',
  },
  philips: {
    style: 'philips',
    manufacturer: 'Philips',
    models: {
      CT: ['iCT 256', 'Brilliance 64', 'Ingenuity CT'],
      MR: ['Ingenia', 'Achieva', 'Ingenia Elition X'],
      CR: ['PCR Eleva'],
    },
    softwareVersions: {
      CT: [['4.1.7.25930'], ['3.5.5.17001']],
      MR: [
        ['5.6.1', '5.6.1.2'],
        ['3.2.3', '3.2.3.1'],
      ],
      CR: [['2.1.3']],
    },
    stationNames: {
      CT: ['HOST-CT9087', 'CTSCAN2'],
      MR: ['PHILIPS-4K2N1AB', 'MR-INGENIA-1'],
      CR: ['PCR-ELEVA-1'],
    },
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    ct: {
      signed: false,
      bitsStored: 12,
      paddingValue: undefined,
      kernels: ['B', 'C', 'YA', 'YB', 'L'],
    },
    mr: {
      fieldStrengthsT: [1.5, 3],
      t1SequenceName: 'SE',
      t2SequenceName: 'TSE',
      receiveCoils: ['dS HeadNeckSpine', 'dS Torso', 'SENSE-Head-8'],
    },
    crPhotometric: 'MONOCHROME1',
  },
  canon: {
    style: 'canon',
    manufacturer: 'CANON_MEC',
    models: {
      CT: ['Aquilion ONE', 'Aquilion Prime SP', 'Aquilion Lightning'],
      MR: ['Vantage Orian', 'Vantage Titan'],
      CR: ['CXDI-710C'],
    },
    softwareVersions: {
      CT: [['V10.4ER005'], ['V8.9ER007']],
      MR: [['V6.0*R004'], ['V5.0*R006']],
      CR: [['3.10']],
    },
    stationNames: { CT: ['AQONE-01', 'CTROOM3'], MR: ['ORIAN15T', 'TITAN3T'], CR: ['CXDI-RM2'] },
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    ct: {
      signed: true,
      bitsStored: 16,
      paddingValue: undefined,
      kernels: ['FC08', 'FC13', 'FC52', 'FC18'],
    },
    mr: {
      fieldStrengthsT: [1.5, 3],
      t1SequenceName: 'SE',
      t2SequenceName: 'FSE',
      receiveCoils: ['Atlas Head/Neck', 'Atlas Body'],
    },
    crPhotometric: 'MONOCHROME1',
  },
};
