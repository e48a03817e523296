/**
 * The tables of bench/ingest, for the terminal and for bench/README.md (its
 * own section, "Ingest — bench/ingest"; the rest of the README is left as it
 * is).
 */
import { replaceReadmeSection } from '../deid/report.js';
import type { ContenderRun, IngestBenchResults, Ratio, TargetVerdict } from './results.js';

export const SECTION_TITLE = '## Ingest — bench/ingest';

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

function rss(run: ContenderRun, floorBytes: number): string {
  if (run.peakRssBytes === null) return '—';
  // The wrapper's own image is counted for short-lived tools (see the notes).
  if (run.peakRssBytes <= floorBytes * 1.05) return `≤ ${mb(floorBytes)}`;
  return mb(run.peakRssBytes);
}

function stored(run: ContenderRun): string {
  return run.lost > 0 ? `${run.stored} (**LOST ${run.lost}**)` : String(run.stored);
}

function runTable(doc: IngestBenchResults): string[] {
  const lines = [
    '| contender | set | instances | stored | seconds | instances/s | MB/s | peak RSS (MB) | peak RSS of |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const set of doc.sets) {
    for (const run of doc.runs.filter((r) => r.set === set.name)) {
      lines.push(
        `| ${run.contender} | ${run.set} | ${run.instances} | ${stored(run)} | ${run.seconds.toFixed(2)} | ${run.instancesPerSecond.toFixed(0)} | ${run.megabytesPerSecond.toFixed(1)} | ${rss(run, doc.rssFloorBytes)} | ${run.peakRssOf} |`,
      );
    }
  }
  return lines;
}

function ratioTable(ratios: readonly Ratio[]): string[] {
  const radsets = [...new Set(ratios.map((r) => r.radset))];
  const peers = [...new Set(ratios.map((r) => r.peer))];
  const sets = [...new Set(ratios.map((r) => r.set))];
  const lines = [
    `| set | radset row | ${peers.map((p) => `÷ ${p}`).join(' | ')} |`,
    `| --- | --- | ${peers.map(() => '---:').join(' | ')} |`,
  ];
  for (const set of sets) {
    for (const radset of radsets) {
      const cells = peers.map((peer) => {
        const ratio = ratios.find((r) => r.set === set && r.radset === radset && r.peer === peer);
        return ratio === undefined ? '—' : `${ratio.value.toFixed(2)}×`;
      });
      if (cells.every((c) => c === '—')) continue;
      lines.push(`| ${set} | ${radset} | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}

function targetLines(targets: readonly TargetVerdict[]): string[] {
  return targets.map(
    (t) => `- ${t.name}, ${t.set} set, ${t.radset}: ${t.detail} — **${t.met ? 'met' : 'MISSED'}**`,
  );
}

/** Lines for the terminal. */
export function printTables(doc: IngestBenchResults, say: (line: string) => void): void {
  say('');
  for (const line of runTable(doc)) say(line);
  say('');
  for (const line of ratioTable(doc.ratios)) say(line);
  say('');
  for (const line of targetLines(doc.targets)) say(line);
  for (const line of doc.omitted) say(`omitted: ${line}`);
}

function noteLines(doc: IngestBenchResults): string[] {
  const lines: string[] = [];
  for (const run of doc.runs) {
    const parts = [...run.notes];
    if (run.failures > 0 || run.failureReasons.length > 0)
      parts.push(
        `${run.failures} failed${run.failureReasons.length > 0 ? `: ${run.failureReasons.join('; ')}` : ''}`,
      );
    if (parts.length > 0)
      lines.push(`- **${run.contender} / ${run.set}**: ${parts.join('; ').replace(/\|/g, '\\|')}`);
  }
  return lines;
}

function section(doc: IngestBenchResults): string {
  const setLines = doc.sets.map(
    (s) => `- \`${s.name}\`: ${s.description}; ${s.instances} files, ${mb(s.bytes)} MB.`,
  );
  const hows = [...new Map(doc.runs.map((r) => [r.contender, r])).values()].map(
    (r) => `- **${r.contender}**: \`${r.how}\`. Timed: ${r.timing}. Count: ${r.countedBy}.`,
  );
  const { machine } = doc;
  const omitted =
    doc.omitted.length === 0
      ? ''
      : `\nLeft out of this run:\n\n${doc.omitted.map((o) => `- ${o}`).join('\n')}\n`;
  return `${SECTION_TITLE}

Command: \`npm run bench:ingest\` (= \`tsx bench/ingest/run.ts\`; options \`-- --sets ct,small --no-build --no-readme --report-only\`).
Results: \`bench/out/ingest/results.json\` (git-ignored). This run: \`${doc.command}\`, ${doc.date.slice(0, 10)}.

What it does: builds radset (\`npm run build\`) and runs the built CLI
(\`node bin/radset.js\`); generates the two sets once into \`bench/out/\`;
reads every file of both sets once (page cache warm for everyone), then runs
each contender once per set on the same files: before each run, \`sync\` (no
contender waits on another's writeback) and another read of the set (still
in the page cache). Instances/s is the set's files ÷ wall clock, MB/s its
bytes (10^6) ÷ wall clock. After each run the stored instances are counted;
a contender that lost files says so in the table. Outputs are deleted after
each run (not timed).

Sets:

${setLines.join('\n')}

Contenders, exactly as run:

${hows.join('\n')}
${omitted}
Peak RSS: radset ingest's from its report (\`peakRssBytes\`, getrusage
maxRSS of the process, worker threads included; the notes give the same
figure read from outside); Orthanc's is the server's VmHWM
(/proc/PID/status), a fresh server per run; radset listen's likewise, read
when storescu finished. cp's (and storescu's, in the notes) come from
getrusage of the child, read by a small python3 wrapper that runs it: the
wrapper's own image before exec counts there, so anything at or under its
floor (${mb(doc.rssFloorBytes)} MB) shows as "≤ ${mb(doc.rssFloorBytes)}".

Machine: ${machine.cpuModel}, ${machine.cores} cores (\`nproc\` ${machine.nproc}), ${machine.memoryGiB} GiB RAM (1-min load average ${machine.loadAverageAtStart.toFixed(1)} at start); ${machine.software}. Shared VM with other work running: compare ratios within one run.

${runTable(doc).join('\n')}

Ratios (a radset row's instances/s ÷ the peer's; for \`cp -r\`, 1 ÷ ratio is how many times cp's time radset took; the listen row compares with the same client, storescu, sending to Orthanc):

${ratioTable(doc.ratios).join('\n')}

Targets (issue: ≥ 2× Orthanc's instances/s on both sets, within 2.5× of \`cp -r\`, peak RSS under 1 GB):

${targetLines(doc.targets).join('\n')}

${noteLines(doc).join('\n')}
`;
}

/** Replaces this benchmark's section of bench/README.md (or appends it). */
export function writeReadmeSection(readme: string, doc: IngestBenchResults): string {
  return replaceReadmeSection(readme, SECTION_TITLE, section(doc));
}
