/**
 * Per-tool checks that compare each output with its original: over-scrubbing
 * (attributes that should survive but were removed or emptied), UIDs (replaced?
 * the same on a second run? studies and series still grouped?) and the
 * de-identification markers.
 */
import type { OutputPair } from './deid-tool.js';
import type { HeaderCache, HeaderFacts } from './header-facts.js';
import { KEPT_BASIC, KEPT_BY_OPTIONS } from './kept-attributes.js';

export interface KeptCount {
  /** Attribute instances present with a value in the originals. */
  readonly present: number;
  /** … of which missing or empty in the output. */
  readonly lost: number;
  /** … of which present with a different value (basic group only: those must not change). */
  readonly altered: number;
  /** Keyword → outputs that lost it. */
  readonly lostByAttribute: Readonly<Record<string, number>>;
  readonly alteredByAttribute: Readonly<Record<string, number>>;
}

export interface UidChecks {
  /** Outputs whose SOP Instance UID differs from the original's. */
  readonly sopReplaced: number;
  /** Inputs de-identified in both runs, compared across runs. */
  readonly comparedAcrossRuns: number;
  readonly sopSameAcrossRuns: number;
  readonly studySameAcrossRuns: number;
  /** Distinct Study / Series Instance UIDs among the originals and among the outputs. */
  readonly studiesIn: number;
  readonly studiesOut: number;
  readonly seriesIn: number;
  readonly seriesOut: number;
}

export interface OutputChecks {
  readonly outputs: number;
  readonly unreadableOutputs: number;
  readonly basic: KeptCount;
  readonly options: KeptCount;
  readonly patientIdentityRemovedYes: number;
  readonly deidentificationMethod: number;
  readonly deidentificationMethodCodeSequence: number;
  readonly uids: UidChecks;
}

function countKept(
  pairs: readonly { original: HeaderFacts; output: HeaderFacts }[],
  keywords: readonly string[],
  checkValues: boolean,
): KeptCount {
  let present = 0;
  let lost = 0;
  let altered = 0;
  const lostByAttribute: Record<string, number> = {};
  const alteredByAttribute: Record<string, number> = {};
  for (const { original, output } of pairs) {
    for (const keyword of keywords) {
      const before = original.values.get(keyword);
      if (before === undefined || before === '') continue;
      present++;
      const after = output.values.get(keyword);
      if (after === undefined || after === '') {
        lost++;
        lostByAttribute[keyword] = (lostByAttribute[keyword] ?? 0) + 1;
      } else if (checkValues && after !== before) {
        altered++;
        alteredByAttribute[keyword] = (alteredByAttribute[keyword] ?? 0) + 1;
      }
    }
  }
  return { present, lost, altered, lostByAttribute, alteredByAttribute };
}

function distinct(values: readonly (string | undefined)[]): number {
  return new Set(values.filter((v) => v !== undefined)).size;
}

export function checkOutputs(
  first: readonly OutputPair[],
  second: readonly OutputPair[],
  headers: HeaderCache,
): OutputChecks {
  const read = (pairs: readonly OutputPair[]) => {
    const facts: { input: string; original: HeaderFacts; output: HeaderFacts }[] = [];
    let unreadable = 0;
    for (const { input, output } of pairs) {
      const original = headers.get(input);
      const result = headers.get(output);
      if (result instanceof Error) unreadable++;
      else if (!(original instanceof Error)) facts.push({ input, original, output: result });
    }
    return { facts, unreadable };
  };
  const a = read(first);
  const b = read(second);
  const secondByInput = new Map(b.facts.map((f) => [f.input, f.output]));
  let compared = 0;
  let sopSame = 0;
  let studySame = 0;
  for (const { input, output } of a.facts) {
    const again = secondByInput.get(input);
    if (again === undefined) continue;
    compared++;
    // Both absent counts as the same (an original without the UID, left without it).
    if (output.SOPInstanceUID === again.SOPInstanceUID) sopSame++;
    if (output.StudyInstanceUID === again.StudyInstanceUID) studySame++;
  }
  return {
    outputs: first.length,
    unreadableOutputs: a.unreadable,
    basic: countKept(a.facts, KEPT_BASIC, true),
    options: countKept(a.facts, KEPT_BY_OPTIONS, false),
    patientIdentityRemovedYes: a.facts.filter((f) => f.output.PatientIdentityRemoved === 'YES')
      .length,
    deidentificationMethod: a.facts.filter((f) => f.output.hasDeidentificationMethod).length,
    deidentificationMethodCodeSequence: a.facts.filter(
      (f) => f.output.hasDeidentificationMethodCodeSequence,
    ).length,
    uids: {
      sopReplaced: a.facts.filter((f) => f.output.SOPInstanceUID !== f.original.SOPInstanceUID)
        .length,
      comparedAcrossRuns: compared,
      sopSameAcrossRuns: sopSame,
      studySameAcrossRuns: studySame,
      studiesIn: distinct(a.facts.map((f) => f.original.StudyInstanceUID)),
      studiesOut: distinct(a.facts.map((f) => f.output.StudyInstanceUID)),
      seriesIn: distinct(a.facts.map((f) => f.original.SeriesInstanceUID)),
      seriesOut: distinct(a.facts.map((f) => f.output.SeriesInstanceUID)),
    },
  };
}
