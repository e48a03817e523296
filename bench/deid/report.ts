/**
 * The tables of bench/deid, for the terminal and for bench/README.md (its own
 * section, "De-identification — bench/deid"; the rest of the README is left
 * as it is).
 */
import type { BenchResults, ToolResult } from './results.js';
import { KEPT_BASIC, KEPT_BY_OPTIONS } from './kept-attributes.js';

export const SECTION_TITLE = '## De-identification — bench/deid';

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function top(record: Readonly<Record<string, number>>, count: number): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'none';
  const shown = entries.slice(0, count).map(([k, n]) => `${k} ${n}`);
  return entries.length > count ? `${shown.join(', ')}, …` : shown.join(', ');
}

function speedTable(results: readonly ToolResult[]): string[] {
  return [
    '| tool | call | files/s (faster of 2 runs) | runs (s) | with upload (s) | timed |',
    '|---|---|---:|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.tool} | \`${r.how}\` | ${fixed(r.filesPerSecond, 0)} | ${r.runs.map((t) => fixed(t.seconds, 2)).join(', ')} | ${r.runs.every((t) => t.secondsWithSetup !== undefined) ? r.runs.map((t) => fixed(t.secondsWithSetup ?? Number.NaN, 2)).join(', ') : '—'} | ${r.timing} |`,
    ),
  ];
}

function qualityTable(results: readonly ToolResult[]): string[] {
  return [
    '| set | tool | outputs / failed | residual PHI hits (files) | kept attrs lost / altered | option attrs lost | SOP UIDs replaced | same UIDs on rerun (SOP / study) | studies in→out | series in→out | Patient Identity Removed YES / De-id Method / Method Code Seq | dciodvfy errors before→after (files) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const c = r.checks;
      const u = c.uids;
      const n = c.outputs - c.unreadableOutputs;
      return `| ${r.set} | ${r.tool} | ${c.outputs} / ${r.failures} | ${r.residualPhi.hits} (${r.residualPhi.filesWithHits}) | ${c.basic.lost} / ${c.basic.altered} of ${c.basic.present} | ${c.options.lost} of ${c.options.present} | ${u.sopReplaced} of ${n} | ${u.sopSameAcrossRuns} / ${u.studySameAcrossRuns} of ${u.comparedAcrossRuns} | ${u.studiesIn}→${u.studiesOut} | ${u.seriesIn}→${u.seriesOut} | ${c.patientIdentityRemovedYes} / ${c.deidentificationMethod} / ${c.deidentificationMethodCodeSequence} of ${n} | ${r.dciodvfy.originals.errors}→${r.dciodvfy.outputs.errors} (${r.dciodvfy.outputs.files}) |`;
    }),
  ];
}

function detailLines(results: readonly ToolResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const parts = [
      `residual PHI by class: ${top(r.residualPhi.byClass, 6)}`,
      `most leaked: ${r.residualPhi.topAttributes.map((a) => `${a.attribute} ${a.count}`).join(', ') || 'none'}`,
    ];
    if (r.residualPhi.hitsOutsideDicom > 0)
      parts.push(
        `${r.residualPhi.hitsOutsideDicom} hit${r.residualPhi.hitsOutsideDicom === 1 ? '' : 's'} in files not read as DICOM (logs, or broken outputs)`,
      );
    if (r.checks.basic.lost > 0)
      parts.push(`kept attrs lost: ${top(r.checks.basic.lostByAttribute, 6)}`);
    if (r.checks.basic.altered > 0)
      parts.push(`kept attrs altered: ${top(r.checks.basic.alteredByAttribute, 6)}`);
    if (r.checks.options.lost > 0)
      parts.push(`option attrs lost: ${top(r.checks.options.lostByAttribute, 11)}`);
    if (r.checks.unreadableOutputs > 0)
      parts.push(
        `${r.checks.unreadableOutputs} output${r.checks.unreadableOutputs === 1 ? '' : 's'} radset's reader could not parse`,
      );
    const newErrors = r.dciodvfy.outputs.topErrors
      .map((e) => `${e.message} (${e.count})`)
      .join('; ');
    if (r.dciodvfy.outputs.errors > r.dciodvfy.originals.errors)
      parts.push(`dciodvfy errors after: ${newErrors}`);
    if (r.failureReasons.length > 0) parts.push(`failures: ${r.failureReasons.join(' | ')}`);
    parts.push(...r.notes);
    lines.push(`- **${r.set} / ${r.tool}**: ${parts.join('; ')}`);
  }
  return lines;
}

export function printTables(doc: BenchResults, say: (text: string) => void): void {
  say(`\n${doc.machine}\n`);
  say(speedTable(doc.results.filter((r) => r.set === 'ct')).join('\n'));
  say('');
  say(
    doc.ratios
      .map(
        (r) =>
          `${r.name}: ${fixed(r.value, 2)}× (target ≥ ${r.target}×: ${r.met ? 'met' : 'MISSED'})`,
      )
      .join('\n'),
  );
  say('');
  say(qualityTable(doc.results).join('\n'));
  say('');
  say(detailLines(doc.results).join('\n'));
}

/**
 * Static: how much the speed figures moved over the runs this text was
 * written from (update when re-running on another machine).
 */
export const SPEED_NOTES = `
The speed figures move from run to run on this shared 2-core VM (1-minute
load average 2–7 from other work). Over the four full runs of 2026-11-23
(radset's workers started writing their own outputs between the second and
the third): radset \`--jobs 2\` 113–233 files/s (\`--jobs 1\` 156–229),
gdcmanon 811–1,049, Orthanc per instance 93–145, Orthanc per study 46–87,
dcmjs 77–105. radset / gdcmanon stayed within 0.14–0.27× and radset / Orthanc
(per instance) within 0.89–2.50×: both targets are missed by far more than
the noise.
`;

/**
 * Static: how to read the columns, and what the hits were in the runs this
 * text was written from (re-check after changing src/deid or deid verify).
 */
export const READING_NOTES = `
### Reading the table

- **Residual PHI** counts every occurrence of an original value in a tool's
  output files, so one value left in every file of a 1,000-file set counts
  1,000 times. The scanner matches short values as byte substrings anywhere,
  including non-DICOM files, so some hits are coincidences. In the runs this
  text was written from, all of radset's hits were of that kind, none a real
  leak:
  - CT set: 1 × an operator's three initials (Operators' Name "GTB")
    matched, case-insensitively, inside a base64url digest in deid-log.jsonl.
  - corpus: 98 × the text "Value" (a test file's private element
    (E029,"TEST",01)) matched in keywords in deid-log.jsonl.
  - Earlier runs, before radset and the scanner changed: a 5-digit Device
    Serial Number inside a hex digest in the log; 40 × Performed Procedure
    Step Start Time equal to an original Instance Creation Time (Retain
    Longitudinal Modified Dates shifts whole days and keeps the time of day;
    the scanner now exempts times under that option, which also lowered the
    peers' counts); and, with a random key, a date shift that landed on
    2010-01-14, the Siemens CSA Image Header Version string "20100114" (240
    hits) — why the bench now uses a fixed key.
- The peers' hits are real. gdcmanon (GDCM's older Table E.1-1) keeps the
  dates (Study, Series, Acquisition, Content and Instance Creation Dates,
  Date of Last Calibration — unshifted), Issuer of Patient ID, Performed
  Procedure Step ID, Patient's Address and Telephone Numbers and every
  private group (GE, Siemens, Toshiba identifiers and UIDs); Orthanc keeps
  Instance Creation Date and Date of Last Calibration; dcmjs keeps every UID,
  nested identifiers (Other Patient IDs Sequence), Operators' Name and the
  dates. On the PHI set Orthanc, for one, leaves the patient's name in the
  Procedure Code Sequence's Code Meaning, overlay and curve descriptions and
  labels, and the Requested Procedure ID as a Code Value (hits are attributed
  to the first original element holding the value, often a DICOMDIR record).
- **Kept attributes altered** for radset on the corpus: Clean Descriptors
  scrubs the patient's identifying words wherever they occur, so test files
  with Patient's Name "Test^Patient" or "MISTER^CT", or Institution Name
  "TOSHIBA", lose those words from Manufacturer ("Test Manufacturer" →
  "*** Manufacturer", "TOSHIBA_MEC" → "***_MEC") and Manufacturer's Model Name
  ("HiSpeed CT/i" → "HiSpeed ***/i"). Those attributes are not in Table E.1-1
  (keep); the scrub should leave them alone, or skip such short, common terms.
- **Studies in→out**: Orthanc per instance gives every file its own Study and
  Series Instance UID (fresh random UIDs per call), so a 25-study set comes
  out as 1,000 one-image studies; gdcmanon keeps studies together only within
  one process (per-file runs, after a folder-mode failure, split them).
- **Markers**: Orthanc writes De-identification Method (0012,0063) only when
  the request keeps nothing: with the \`Keep\` list above (patient
  characteristics) it writes Patient Identity Removed alone, which PS3.15
  E.1.1 does not allow (it needs codes or text as well). gdcmanon writes the
  text, radset text and codes; dcmjs neither.
- **Same UIDs on rerun**: only radset (keyed HMAC) and dcmjs (keeps the
  originals) give the same UIDs twice; gdcmanon and Orthanc draw new random
  UIDs each run, so a file added later cannot join its study.
`;

/**
 * Static: what profiles of radset's de-identification showed (`node
 * --cpu-prof`, the CT set). Re-profile after changing src/deid.
 */
export const PROFILE_NOTES = `
### Where radset's de-identification time goes

Profiled with \`node --cpu-prof bin/radset.js deid bench/out/deid/inputs/ct --out … --jobs N\`
after \`sync\` (one profile per thread; self time as a share of the thread's
wall clock, so blocking system calls count).

**First profiles** (radset as first benchmarked, ~100–160 files/s): with
\`--jobs 2\` the main thread was the bottleneck — it received every ~515 KiB
encoded output by \`postMessage\` (a structured-clone copy), wrote it
(\`writeFileSync\` 10–25 %), hashed it (SHA-256, 7.5–9.6 %) and collected
the garbage, while the workers sat 34–51 % idle; summed over threads
\`--jobs 2\` burnt 13–15 s of CPU for the 1,000 files against 8–9.5 s for
\`--jobs 1\`. Workers now write their own (staged, then renamed) outputs and
keep one PHI-term matcher per patient, which took \`--jobs 1\` from
~100–165 to ~180–230 files/s.

**Now** (the code this table ran):

- \`--jobs 1\` (~180 files/s inside the process under the profiler): creating
  each output's staged file (\`openSync(staged, 'w')\` in
  \`deidentifyFileStaged\`) 28 % — a blocking call, most likely waiting on
  the file system's journal (ext4, default data=ordered, mounted with
  \`discard\`) while earlier outputs are written back; garbage collection 8 %; the header walker 12 %; parsing
  9 %; pass 1 (every header read and its PHI terms collected before any file
  is de-identified) ~9 %; \`writePart10Parts\` 4 %; SHA-256 of every output
  4.4 %; reads 4.3 %; \`mkdir\` 2.3 %.
- \`--jobs 2\`: the main thread is now 80 % idle. Each worker: file creation
  16–25 %, garbage collection 8–11 %, \`postMessage\` 6–9 %, SHA-256 3–6 %,
  idle 7–8 %. Two workers create files in the same series folder at the same
  time; in a micro-benchmark on this VM (1,000 × 515 KiB create + write +
  rename, after \`sync\`), two threads writing into one folder took 0.86–1.02 s
  against 0.59–0.65 s for two threads in separate folders. With 2 cores for 3
  threads plus other work, \`--jobs 2\` is not reliably faster than \`--jobs 1\`.
- For scale: gdcmanon creates and writes the same 1,000 files (and RSA/AES
  encrypts the original values) in ~1.2 s — about 2 ms of CPU per file — and
  a bare Node \`readFileSync\` → \`writeFileSync\` copy of the set runs at
  800–1,250 files/s here.

Suggestions, in order of expected gain:

1. **Cut file-system operations per output.** Today each output costs a
   create of a hidden staged file plus a rename (two journalled metadata
   operations; the create alone is the largest cost). Write the final name
   directly (\`open\` with O_EXCL: names are pseudonymous UIDs, so on the
   rare EEXIST compare with the existing file to tell a duplicate from a
   collision), or stage per worker and rename in batches; measure both here.
2. **Give each worker whole series** (or studies) instead of interleaved files,
   so two workers do not create files in one folder at once.
3. **Do not hash every output** (SHA-256 is 4–6 % of a worker): decide
   collisions by output path in the main thread and compare bytes only when a
   path repeats (same SOP Instance UID twice).
4. **Send less per task.** Every task still carries the patient's PHI terms
   (the worker caches them per patient, but the structured clone happens per
   file) and every outcome carries the log entries as objects: send terms once
   per patient per worker and the record as one JSON string (\`postMessage\`
   is 6–9 % of a worker).
5. **Overlap pass 1 with pass 2** (or read headers in the workers): with one
   thread ~9 % of the run is the header pass before the first output.

Even with all of these, gdcmanon's ~1.2 s for the set is close to this VM's
floor for creating 1,000 files of 515 KiB; ≥ 1× gdcmanon on 2 cores likely
also needs the walker and parser (~20 % together) to get cheaper. On more
cores \`--jobs\` should help radset (not shown on this 2-core VM); gdcmanon
is one process.
`;

function section(doc: BenchResults): string {
  const ct = doc.results.filter((r) => r.set === 'ct');
  const ratioLines = doc.ratios
    .filter((r) => r.name !== 'radset / dcmjs')
    .map(
      (r) =>
        `- ${r.name}: **${fixed(r.value, 2)}×** (target ≥ ${r.target}×: ${r.met ? 'met' : '**MISSED**'})`,
    );
  const dcmjsRatio = doc.ratios.find((r) => r.name === 'radset / dcmjs');
  if (dcmjsRatio !== undefined)
    ratioLines.push(`- radset / dcmjs: **${fixed(dcmjsRatio.value, 2)}×** (no target)`);
  return `${SECTION_TITLE}

Command: \`npm run bench:deid\` (= \`tsx bench/deid/run.ts\`; options \`-- --sets ct,phi,corpus --corpus N --no-readme --report-only\`).
Results: \`bench/out/deid-results.json\` (git-ignored). This run: \`${doc.command}\`, ${doc.date.slice(0, 10)}.

What it does: builds radset, prepares the input sets, then has every tool
de-identify every file of a set twice, each run into its own folder
(round-robin: all first runs, then all second runs; \`sync\` before each run
so no tool waits on another's writeback; the figure is files/s of the faster
run, inputs ÷ wall clock). Then, per tool and set, it checks the
first run's outputs against the originals:

- **residual PHI**: \`radset deid verify ORIGINALS OUTPUTS --json\`, the same
  scanner for every tool, with radset's default options (so the values those
  options keep — patient characteristics, safe private elements — are not
  searched for in anyone's output). It searches every byte of every file the
  tool wrote; for radset that includes deid-log.jsonl and deid-summary.json.
- **kept attributes lost / altered**: ${KEPT_BASIC.length} attributes PS3.15
  Table E.1-1 does not list (so every profile keeps them: ${KEPT_BASIC.join(', ')}),
  counted where the original has a value: missing or empty in the output is
  *lost*, a different value is *altered*.
- **option attributes lost**: ${KEPT_BY_OPTIONS.join(', ')} — kept (Retain
  Patient Characteristics, K) or kept cleaned (Clean Descriptors, Retain
  Longitudinal Modified Dates, C) under radset's default options. A Basic
  Profile tool removes them by design; the count shows what a dataset loses.
- **UIDs**: SOP Instance UIDs replaced; the same SOP / Study Instance UIDs on
  the second run (a keyed or deterministic mapping, needed to add files to a
  dataset later); distinct Study and Series Instance UIDs in and out (a study
  must stay one study).
- **markers**: Patient Identity Removed (0012,0062) = YES, De-identification
  Method (0012,0063) text, De-identification Method Code Sequence (0012,0064)
  items. PS3.15 E.1.1 requires the first and codes and/or text.
- **dciodvfy**: Error lines on ${doc.results[0]?.dciodvfy.originals.files ?? 20} evenly spaced originals
  of the set and on the tool's outputs for them.

Input sets:

${doc.sets.map((s) => `- \`${s.name}\`: ${s.description}; ${(s.bytes / 2 ** 20).toFixed(0)} MiB.`).join('\n')}
${doc.missingSets.map((m) => `- not run: ${m}.`).join('\n')}

Tools, exactly as run:

- **radset**: \`radset deid IN --out DIR --key-file KEY --jobs N --json\` with
  a fixed throwaway key (in \`radset init\`'s format, so pseudonyms and date
  shifts are the same on every bench run), default profile (Basic Profile + Clean
  Pixel Data, Clean Graphics, Clean Structured Content, Clean Descriptors,
  Retain Longitudinal Modified Dates, Retain Patient Characteristics, Retain
  Safe Private), OCR on. Timed from process spawn to exit. \`--jobs 1\` runs on
  the CT set only, to compare per core with the single-process tools.
- **gdcmanon** (GDCM, Debian libgdcm-tools):
  \`gdcmanon -e --continue -r -c CERT.pem -i IN -o OUT\`, its Basic Profile
  mode, one process over the folder. That mode needs an X.509 certificate (it encrypts the original values
  into the Encrypted Attributes Sequence for re-identification); the bench
  makes a throwaway self-signed RSA-2048 one with openssl. gdcmanon stops at
  the first file it cannot write even with \`--continue\`; the bench then runs
  it once per file (the notes say when).
- **Orthanc** (Debian, private instance: own config, HTTP port and storage, no
  plugins, no DICOM port): files are uploaded first (\`POST /instances\`, not
  timed: the "with upload" column adds it). *Per instance*:
  \`POST /instances/{id}/anonymize\` per file, response bytes written to disk (Orthanc
  stores nothing). *Per study*: \`POST /studies/{id}/anonymize\` (stores a new
  study), then \`GET /instances/{id}/file\` for each new instance; deleting the
  new studies is not timed. Body for both:
  \`{"Keep":["PatientSex","PatientAge","PatientSize","PatientWeight"]}\` —
  the Retain Patient Characteristics attributes Orthanc can keep, to be closer
  to radset's profile. Requests in flight: one per core.
- **dcmjs**: \`DicomMessage.readFile(bytes)\` → \`anonymizer.cleanTags(dict)\` →
  \`write()\`, in the bench's process, one file at a time (no process start).
  cleanTags is not a PS3.15 de-identifier (STACK.md); it is the JavaScript
  baseline.

Machine: ${doc.machine}. Shared VM with other work running: compare ratios
within one run.

### Speed — 1,000-file CT set

${speedTable(ct).join('\n')}

${ratioLines.join('\n')}
${SPEED_NOTES}
### What each tool left, removed and broke

${qualityTable(doc.results).join('\n')}

${detailLines(doc.results).join('\n')}
${READING_NOTES}${PROFILE_NOTES}`;
}

/**
 * Replaces the README section that starts with `title` (up to the next `## `
 * heading) by `text`, or appends `text` when there is no such section; the
 * other sections stay as they are. Shared by the benchmarks that own one
 * section each.
 */
export function replaceReadmeSection(readme: string, title: string, text: string): string {
  const start = readme.indexOf(title);
  if (start < 0) return `${readme.trimEnd()}\n\n${text}`;
  const rest = readme.slice(start + title.length);
  const next = rest.search(/\n## /);
  const after = next < 0 ? '' : rest.slice(next);
  return `${readme.slice(0, start)}${text}${after}`;
}

/** Replaces this benchmark's section of bench/README.md (or appends it). */
export function writeReadmeSection(readme: string, doc: BenchResults): string {
  return replaceReadmeSection(readme, SECTION_TITLE, section(doc));
}
