/**
 * Residual PHI, counted the same way for every tool: `radset deid verify
 * ORIGINALS OUTPUTS --json` with radset's default options (so values those
 * options keep — patient characteristics, safe private elements — are not
 * searched for in anyone's output). It collects identifying values from the
 * originals and searches every byte of every file the tool wrote.
 */
import { spawnSync } from 'node:child_process';

interface VerifyHit {
  readonly file: string;
  readonly location: string;
  readonly class: string;
  readonly attribute: string;
}

interface VerifyDocument {
  readonly verdict: string;
  readonly candidates: { readonly total: number };
  readonly outputs: { readonly files: number; readonly unreadable: readonly unknown[] };
  readonly hits: readonly VerifyHit[];
  readonly filesWithHits: number;
}

export interface ResidualPhi {
  readonly verdict: string;
  /** Original values searched for. */
  readonly candidates: number;
  readonly hits: number;
  readonly filesWithHits: number;
  /** Hits by value class (name, identifier, date, time, age, text). */
  readonly byClass: Readonly<Record<string, number>>;
  /** The original attributes that leaked most often, with counts. */
  readonly topAttributes: readonly { readonly attribute: string; readonly count: number }[];
  /** Hits in files that are not DICOM (radset's log and summary). */
  readonly hitsOutsideDicom: number;
}

export function residualPhi(radsetBin: string, originals: string, outputs: string): ResidualPhi {
  const result = spawnSync('node', [radsetBin, 'deid', 'verify', originals, outputs, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 2 ** 20,
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`radset deid verify failed (${result.status}): ${result.stderr.slice(0, 500)}`);
  const doc = JSON.parse(result.stdout) as VerifyDocument;
  const byClass: Record<string, number> = {};
  const byAttribute = new Map<string, number>();
  let hitsOutsideDicom = 0;
  for (const hit of doc.hits) {
    byClass[hit.class] = (byClass[hit.class] ?? 0) + 1;
    byAttribute.set(hit.attribute, (byAttribute.get(hit.attribute) ?? 0) + 1);
    if (hit.location === 'not DICOM') hitsOutsideDicom++;
  }
  return {
    verdict: doc.verdict,
    candidates: doc.candidates.total,
    hits: doc.hits.length,
    filesWithHits: doc.filesWithHits,
    byClass,
    topAttributes: [...byAttribute]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([attribute, count]) => ({ attribute, count })),
    hitsOutsideDicom,
  };
}
