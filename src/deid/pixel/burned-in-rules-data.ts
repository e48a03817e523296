import type { BurnedInRule } from './burned-in-rules.js';

/**
 * EXAMPLES of the burned-in rule mechanism, NOT a validated catalogue: each
 * was measured on one corpus image (../shared/corpus, named in the
 * description) and blacks out that device's header band at that image size.
 * Other software versions or presets of the same device may put text
 * elsewhere. Projects add their own rules in their profile file
 * (`burnedInRules`, parsed by parseBurnedInRules), and OCR still runs on
 * at-risk images whether or not a rule matched.
 */
export const EXAMPLE_BURNED_IN_RULES: readonly BurnedInRule[] = [
  {
    id: 'example-ge-logiq-us-640x480-header',
    description:
      'GE LOGIQ ultrasound, 640x480: institution, patient and clock lines above the image (measured on syntaxes/jpeg2000/US1_J2KI.dcm)',
    match: {
      manufacturer: 'G.E. Medical',
      modelName: 'LOGIQ',
      modality: 'US',
      rows: 480,
      columns: 640,
    },
    boxes: [{ x: 0, y: 0, width: 640, height: 106 }],
  },
  {
    id: 'example-acuson-us-768x576-header',
    description:
      'Acuson ultrasound, 768x576: patient name, institution and date bar at the top (measured on syntaxes/jpeg_extended_p2_4/JPEGExtended_3s_1f_u_08_08.dcm)',
    match: { manufacturer: 'ACUSON', modality: 'US', rows: 576, columns: 768 },
    boxes: [{ x: 0, y: 0, width: 768, height: 39 }],
  },
  {
    id: 'example-philips-cx50-us-800x600-header',
    description:
      'Philips CX50 ultrasound, 800x600: grey header band with exam, date, time and ID (measured on syntaxes/rle_lossless/OBXXXX1A_rle.dcm)',
    match: {
      manufacturer: 'Philips Medical Systems',
      modelName: 'CX50',
      modality: 'US',
      rows: 600,
      columns: 800,
    },
    boxes: [{ x: 0, y: 0, width: 800, height: 60 }],
  },
  {
    id: 'example-aloka-us-640x480-header',
    description:
      'Aloka ultrasound, 640x480: institution and date lines at the top (measured on vendor/other/gdcm-US-ALOKA-16.dcm)',
    match: { manufacturer: 'ALOKA', modality: 'US', rows: 480, columns: 640 },
    boxes: [{ x: 0, y: 0, width: 640, height: 24 }],
  },
];
