/**
 * The tables of bench/volume, for the terminal and for bench/README.md (its
 * own section, "NIfTI conversion — bench/volume"; the rest of the README is
 * left as it is).
 */
import { replaceReadmeSection } from '../deid/report.js';
import { PROFILE_NOTES } from './profile-notes.js';
import { PHASES, type ToolRow, type VolumeBenchResults } from './results.js';

export const SECTION_TITLE = '## NIfTI conversion — bench/volume';

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function runTable(doc: VolumeBenchResults): string[] {
  return [
    '| tool | format | median (s) | runs (s) | peak RSS (MiB) | output (MiB) |',
    '| --- | --- | ---: | --- | ---: | ---: |',
    ...doc.rows.map(
      (r) =>
        `| ${r.tool} | .${r.format} | ${r.medianSeconds.toFixed(2)} | ${r.seconds.map((s) => s.toFixed(2)).join(', ')} | ${(r.peakRssBytes / 2 ** 20).toFixed(0)} | ${mib(r.outputBytes)} |`,
    ),
  ];
}

function ratioLines(doc: VolumeBenchResults): string[] {
  const row = (tool: string, format: string): ToolRow | undefined =>
    doc.rows.find((r) => r.tool === tool && r.format === format);
  return doc.ratios.map((ratio) => {
    const d = row('dcm2niix', ratio.format);
    const r = row('radset', ratio.format);
    const times =
      d === undefined || r === undefined
        ? ''
        : ` (dcm2niix ${d.medianSeconds.toFixed(2)} s, radset ${r.medianSeconds.toFixed(2)} s)`;
    return `- \`.${ratio.format}\`: **${ratio.value.toFixed(2)}×**${times} — target ≥ 1.0×: **${ratio.met ? 'met' : 'MISSED'}**`;
  });
}

function checkLines(doc: VolumeBenchResults): string[] {
  return doc.checks.map((c) => `- ${c.ok ? 'ok' : '**FAILED**'} — ${c.name}: ${c.detail}`);
}

function noteLines(doc: VolumeBenchResults): string[] {
  return doc.rows
    .filter((r) => r.notes.length > 0)
    .map((r) => `- **${r.tool} .${r.format}**: ${r.notes.join('; ')}`);
}

function phaseTable(doc: VolumeBenchResults): string[] {
  const nii = doc.phases.find((p) => p.format === 'nii');
  const gz = doc.phases.find((p) => p.format === 'nii.gz');
  const cell = (summary: typeof nii, name: string): string => {
    const phase = summary?.phases.find((p) => p.name === name);
    return phase === undefined ? '— | —' : `${phase.ms.toFixed(0)} | ${phase.gcMs.toFixed(0)}`;
  };
  return [
    '| step | what | .nii (ms) | of which GC | .nii.gz (ms) | of which GC |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...PHASES.map((p) => `| ${p.name} | ${p.what} | ${cell(nii, p.name)} | ${cell(gz, p.name)} |`),
    `| **total** | first step to last, in the process | ${nii?.totalMs.toFixed(0) ?? '—'} | ${nii?.gcMs.toFixed(0) ?? '—'} | ${gz?.totalMs.toFixed(0) ?? '—'} | ${gz?.gcMs.toFixed(0) ?? '—'} |`,
  ];
}

/** Lines for the terminal. */
export function printSummary(doc: VolumeBenchResults, say: (line: string) => void): void {
  say('');
  for (const line of runTable(doc)) say(line);
  say('');
  for (const line of ratioLines(doc)) say(line);
  say('');
  for (const line of checkLines(doc)) say(line);
  say('');
  say(`radset start-up (--version): ${doc.startupSeconds.toFixed(2)} s`);
  for (const line of phaseTable(doc)) say(line);
}

function section(doc: VolumeBenchResults): string {
  const { machine, input } = doc;
  const loads = doc.rows.flatMap((r) => r.loadAverages);
  const hows = doc.rows.map((r) => `- **${r.tool} .${r.format}**: \`${r.how}\``);
  const phaseRuns = doc.phases[0]?.runs ?? 0;
  return `${SECTION_TITLE}

Command: \`npm run bench:volume\` (= \`tsx bench/volume/run.ts\`; options \`-- --runs N --phase-runs N --no-build --no-readme --report-only\`).
Results: \`bench/out/volume/results.json\` (git-ignored). This run: \`${doc.command}\`, ${doc.date.slice(0, 10)}.

What it does: builds radset (\`npm run build\`) and runs the built CLI;
generates the input once into \`bench/out/volume/in\` (git-ignored); then
converts the series with each tool, each conversion one child process timed
from spawn to exit: ${doc.warmupRuns} warm-up round, then ${doc.measuredRuns} measured rounds,
round-robin (the four conversions in turn). Before every run, not timed: the
tool's output folder is emptied, \`sync\` writes back the previous run's
files, and the input is read again (so it is in the page cache for everyone).
The figure is the median of the measured runs. After the runs, the last
outputs are checked against each other.

Input: \`${input.synthCommand}\`, one CT series: ${input.files} files, ${mib(input.bytes)} MiB,
${input.dimensions}. Every tool is given the series folder itself
(\`${input.seriesDir}\`), not synth's masks/ or ground-truth.json.

Conversions, exactly as run (SERIES: the series folder; OUT: an emptied folder):

${hows.join('\n')}

dcm2niix writes the .nii and then runs pigz on it when pigz is on PATH (it
prints the command; see the notes); pigz uses one thread per core. radset
deflates 128 KiB blocks on every core itself (libuv's pool, sized to the
cores by \`bin/radset.js\`).

Peak RSS: \`getrusage(RUSAGE_CHILDREN)\` maxRSS, read by the python3 wrapper
that runs each command (\`bench/ingest/measured-process.ts\`): the largest
process the command ran and waited for, so for dcm2niix with pigz the larger
of the two; the largest of the ${doc.measuredRuns} measured runs.

Machine: ${machine.cpuModel}, \`nproc\` ${machine.nproc}, ${machine.memoryGiB} GiB RAM; Node ${machine.nodeVersion}; radset ${machine.radsetVersion} (built CLI); dcm2niix ${machine.dcm2niixVersion}; pigz ${machine.pigzVersion}.
Load (\`/proc/loadavg\`) at start \`${machine.loadAtStart}\`, at end \`${machine.loadAtEnd}\`; 1-minute load when the measured runs started: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.
A shared VM with other work running: figures move between runs; compare ratios within one run.

${runTable(doc).join('\n')}

Ratios (dcm2niix's median ÷ radset's: above 1, radset is faster; the issue's target: no slower than dcm2niix for either format):

${ratioLines(doc).join('\n')}

Notes:

${noteLines(doc).join('\n')}

Output checks (the files of the last measured runs; nibabel reads both through \`test/support/compare_nifti.py\`; the same shape, no voxel value differing, translation and spacing within 1e-3 mm):

${checkLines(doc).join('\n')}

### Where radset's conversion time goes

Process start-up and module loading (\`node bin/radset.js --version\`, timed
in each round like the conversions): median ${doc.startupSeconds.toFixed(2)} s.

The steps of \`radset nifti\`, called one by one and timed apart in a fresh
process (\`bench/volume/radset-phases.ts\`, the same src/ functions the
command calls; medians of ${phaseRuns} runs per format, the formats alternating;
"of which GC": garbage-collector pauses that began inside the step):

${phaseTable(doc).join('\n')}
${PROFILE_NOTES}`;
}

/** Replaces this benchmark's section of bench/README.md (or appends it). */
export function writeReadmeSection(readme: string, doc: VolumeBenchResults): string {
  return replaceReadmeSection(readme, SECTION_TITLE, section(doc));
}
