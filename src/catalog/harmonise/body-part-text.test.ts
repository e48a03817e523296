import { describe, expect, it } from 'vitest';
import { bodyPartFromText } from './body-part-text.js';

describe('body part keywords in descriptions', () => {
  it('finds single regions on word boundaries', () => {
    const cases: Record<string, string> = {
      'HELICAL CHEST': 'CHEST',
      'CT THORAX 1.25': 'CHEST',
      'lung window': 'CHEST',
      'STD BRAIN 5MM': 'BRAIN',
      'Routine Head': 'HEAD',
      'ABD ROUTINE': 'ABDOMEN',
      Pancreas: 'ABDOMEN',
      'Liver Segmentation': 'ABDOMEN',
      'PELVIS W/O CONT': 'PELVIS',
      'XR C Spine Comp Min 4 Views': 'CSPINE',
      'c-spine': 'CSPINE',
      '7.1 L-Spine 3 Level 2.5mm': 'LSPINE',
      'MR LUMBAR': 'LSPINE',
      'thoracic spine sag T2': 'TSPINE',
      'Moving knee': 'KNEE',
      'MAMMOSCREENING 1E LEZING': 'BREAST',
      'MA MAMMO SCREEN DIGITAL BIL': 'BREAST',
      'breast MRI': 'BREAST',
      'Cardiac CTA': 'HEART',
      'CORONARY CTA': 'HEART',
      'Transesophageal Echocardiogram': 'HEART',
      'SmartScore - Gated 0.5 sec': 'HEART',
      heart: 'HEART',
      Carotids: 'NECK',
      'RT ANKLE': 'LOWER_EXTREMITY',
      'ECOTOMOGRAFIA CODO IZQUIERDO': 'UPPER_EXTREMITY',
      'HIP JOINT': 'HIP',
      SHOULDER: 'SHOULDER',
      'bone age left hand': 'HAND',
      'RM DE CRANIO': 'HEAD',
      'MODALITYLUT - TEETH': 'HEAD',
      'Tomoscintigrafia PET total body': 'WHOLEBODY',
      'Whole Body Bone': 'WHOLEBODY',
      'ULTRASOUND BLADDER': 'PELVIS',
      'MRI Prostate ERC': 'PELVIS',
      t1sagKnee: 'KNEE',
      'Enhanced Dicom Phantom': 'OTHER',
    };
    for (const [text, part] of Object.entries(cases))
      expect(bodyPartFromText(text), text).toBe(part);
  });

  it('combines regions named together', () => {
    expect(bodyPartFromText('CT chest abdomen pelvis w contrast')).toBe('CHEST_ABDOMEN_PELVIS');
    expect(bodyPartFromText('CT CAP')).toBe('CHEST_ABDOMEN_PELVIS');
    expect(bodyPartFromText('TAP staging')).toBe('CHEST_ABDOMEN_PELVIS');
    expect(bodyPartFromText('Thorax/Abdomen/Pelvis')).toBe('CHEST_ABDOMEN_PELVIS');
    expect(bodyPartFromText('CT abd/pel')).toBe('ABDOMEN_PELVIS');
    expect(bodyPartFromText('ABDOMEN AND PELVIS')).toBe('ABDOMEN_PELVIS');
    expect(bodyPartFromText('Chest/ABD(LUTS)/Thorax')).toBe('CHEST_ABDOMEN');
    expect(bodyPartFromText('Thorax^1HEAD_NECK_PETCT')).toBe('HEAD_NECK');
    expect(bodyPartFromText('CTA head and neck')).toBe('HEAD_NECK');
    expect(bodyPartFromText('C/T/L spine')).toBe('SPINE');
    expect(bodyPartFromText('T-L spine')).toBe('SPINE');
    expect(bodyPartFromText('MR C-spine and L-spine')).toBe('SPINE');
    expect(bodyPartFromText('CT L-SPINE')).toBe('LSPINE');
    expect(bodyPartFromText('LS spine')).toBe('LSPINE');
    expect(bodyPartFromText('COLLO CRANIO TOTBODY SENZA E CON')).toBe('WHOLEBODY');
  });

  it('prefers the organ or joint over the region holding it', () => {
    expect(bodyPartFromText('CT, HEAD/BRAIN WO CONTRAST')).toBe('BRAIN');
    expect(bodyPartFromText('cardiac chest')).toBe('HEART');
    expect(bodyPartFromText('left leg knee')).toBe('KNEE');
  });

  it('does not match inside words or on look-alikes', () => {
    const nothing = [
      'Research^MCBI_TESTING',
      'Testing File-set',
      'Quad Capture',
      'headache',
      'C-ARM fluoro',
      'Musculoskeletal',
      'Cervical OBLI 1',
      'FAST LOCALIZER',
      'coronal T2',
      'craniocaudal view',
      '',
      '   ',
    ];
    for (const text of nothing) expect(bodyPartFromText(text), text).toBeNull();
  });
});
