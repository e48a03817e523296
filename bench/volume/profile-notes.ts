/**
 * Static: what profiling radset's conversion showed (bench/volume/radset-phases.ts,
 * `node --cpu-prof bin/radset.js nifti …`, and two throwaway comparisons described
 * below). Re-profile after changing src/volume, src/export, src/nifti or src/cli.
 */
export const PROFILE_NOTES = `
Profiled on 2026-11-23 (\`node --cpu-prof bin/radset.js nifti SERIES --out OUT --uncompressed\`)
after the first round of changes:

**Done.** Commands and database drivers load on use (start-up 0.5 s →
0.26 s); native little-endian pixel bytes are copied straight from the file
into the volume, rows already in NIfTI order (no decode array, no second
125 MiB volume for the row flip); every file of a series is read into one
reused buffer (peak RSS 370 → 244 MiB). The phase table above times the
same functions one by one with asynchronous reads, so its read rows are
higher than the command's own.

**\`.nii\`: where the remaining ~1 s goes** (CPU profile of the command,
about 0.95 s): ~160 ms in the per-row copies (\`Buffer#copy\`, 128,000 calls
of 1 KiB: the JavaScript call overhead, not the memcpy), ~110 ms reading
(each file read twice: a 64 KiB header pass to group series, then whole),
~90 ms garbage collection, ~65 ms idle in asynchronous listing, ~50 ms
module compilation, ~130 ms header parsing and frame planning. dcm2niix
does all of it in C in ~0.3 s.

**Next steps, by expected gain:** split the per-file work (read, parse,
copy) over the cores with worker threads writing one SharedArrayBuffer
volume; read each file once (keep the header pass's prefix and read only
the rest); do the row reversal in one native call per slice (a small WASM
kernel) instead of 512 calls; a synchronous listing. Together these should
reach ~0.5 s; parity with dcm2niix on \`.nii\` needs the first.

**\`.nii.gz\`: why radset is ahead.** Not the parallelism (both use the 2
cores: pigz's default threads; radset's blocks in flight on libuv's pool)
but the deflate: Node bundles Chromium's zlib (SIMD hashing and match
finding), Debian's pigz links zlib 1.2.13. Deflating this .nii at level 6
on one thread took 3.3 s of CPU in Node against 11.0–11.3 s for
\`pigz -p 1 -b 960 -6\`, and Node's output is ~1 % smaller. dcm2niix also
writes the whole .nii to disk first and pigz reads it back.
`;
