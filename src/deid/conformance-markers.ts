import { createDataset, setValue, type Dataset } from '../dicom/index.js';
import { BASIC_PROFILE_CODE, OPTION_CODES, type DeidOption } from './deid-option.js';

/**
 * Records what was done in the instance itself (PS3.15 E.1.1, PS3.3 C.7.1.1
 * Patient Identification and C.12.1 SOP Common): Patient Identity Removed
 * YES, De-identification Method and its Code Sequence (113100 and a code per
 * option applied, CID 7050), and Longitudinal Temporal Information Modified.
 * Values from an earlier de-identification are kept: the history stacks.
 */
export function writeConformanceMarkers(
  dataset: Dataset,
  applied: readonly DeidOption[],
  method: { readonly software: string; readonly edition: string },
): void {
  setValue(dataset, 'PatientIdentityRemoved', 'YES');
  const previous = (dataset.strings('DeidentificationMethod') ?? []).filter((v) => v !== '');
  setValue(dataset, 'DeidentificationMethod', [
    ...previous,
    method.software.slice(0, 64),
    `DICOM PS3.15 ${method.edition} Basic Application Confidentiality Profile`.slice(0, 64),
  ]);
  const codes = [BASIC_PROFILE_CODE, ...applied.map((option) => OPTION_CODES[option])];
  const previousItems = dataset.sequence('DeidentificationMethodCodeSequence') ?? [];
  const known = new Set(previousItems.map((item) => item.string('CodeValue')));
  const items = [
    ...previousItems,
    ...codes
      .filter((code) => !known.has(code.value))
      .map((code) =>
        createDataset(
          { CodeValue: code.value, CodingSchemeDesignator: 'DCM', CodeMeaning: code.meaning },
          dataset,
        ),
      ),
  ];
  setValue(dataset, 'DeidentificationMethodCodeSequence', items);
  setValue(
    dataset,
    'LongitudinalTemporalInformationModified',
    applied.includes('retainLongitudinalFullDates')
      ? 'UNMODIFIED'
      : applied.includes('retainLongitudinalModifiedDates')
        ? 'MODIFIED'
        : 'REMOVED',
  );
}
