import { describe, expect, it } from 'vitest';
import { createDataset } from '../dicom/index.js';
import { PhiTerms } from './phi-terms.js';

describe('PhiTerms', () => {
  const dataset = createDataset({
    PatientName: 'SMITH^JOHN^Q',
    PatientID: 'MRN12345678',
    PatientBirthDate: '19560412',
    PatientAddress: '12 Elm Street^Springfield',
    InstitutionName: 'St Mary Hospital',
    ReferringPhysicianName: 'Li^Wei',
    OtherPatientIDsSequence: [createDataset({ PatientID: 'ALT-998877' })],
  });
  const terms = new PhiTerms();
  terms.addDataset(dataset);

  it('scrubs names in either order and any case, as whole words', () => {
    expect(terms.scrub('CT CHEST FOLLOW-UP smith john').text).toBe('CT CHEST FOLLOW-UP ***');
    expect(terms.scrub('John Smith follow-up').text).toBe('*** follow-up');
    expect(terms.scrub('Dr Li reviewed').text).toBe('Dr *** reviewed');
    // A name part inside another word is not a name.
    expect(terms.scrub('Clinical SMITHSONIAN').text).toBe('Clinical SMITHSONIAN');
  });

  it('scrubs IDs, nested IDs, addresses, institutions and dates in common forms', () => {
    const { text, replaced } = terms.scrub(
      'MRN12345678 / ALT-998877 born 12.04.1956 at St Mary Hospital, Springfield; 1956-04-12',
    );
    expect(text).toBe('*** / *** born *** at ***, ***; ***');
    expect(replaced).toBe(6);
  });

  it('scrubs any calendar date typed in free text, even one no header holds', () => {
    expect(terms.scrub('seen 2023-04-12, again 12.04.2023 and 4/12/2023').text).toBe(
      'seen ***, again *** and ***',
    );
    expect(terms.scrub('T1 3.0 2023-13-45 1.5/2').text).toBe('T1 3.0 2023-13-45 1.5/2');
  });

  it('recognises OCR words that are the patient’s names or IDs, accents and carets aside', () => {
    const accented = new PhiTerms();
    accented.addName('Böhm^Jérôme');
    expect(accented.matchesWord('BOHM*')).toBe(true);
    expect(accented.matchesWord('JEROME')).toBe(true);
    expect(accented.matchesWord('12')).toBe(false);
    expect(accented.matchesWord('1967-08-25')).toBe(true);
    expect(accented.matchesWord('Reeve')).toBe(false);
    expect(accented.matchesWord('ok')).toBe(false);
  });

  it('leaves clean text alone', () => {
    expect(terms.scrub('AX T1 POST GAD')).toEqual({ text: 'AX T1 POST GAD', replaced: 0 });
    expect(new PhiTerms().scrub('anything')).toEqual({ text: 'anything', replaced: 0 });
  });
});
