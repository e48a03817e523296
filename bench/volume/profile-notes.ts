/**
 * Static: what profiling radset's conversion showed (bench/volume/radset-phases.ts,
 * `node --cpu-prof bin/radset.js nifti …`, and two throwaway comparisons described
 * below). Re-profile after changing src/volume, src/export, src/nifti or src/cli.
 */
export const PROFILE_NOTES = `
Profiled on 2026-11-23 (\`node --cpu-prof bin/radset.js nifti SERIES --out OUT --uncompressed\`,
the phase table above, and \`/usr/bin/time\` for CPU seconds and page faults),
with the same load from other work:

**\`.nii\`: where the time goes.** For every 512 KiB slice radset moves the
pixels four times through new memory, where dcm2niix moves them twice:
(1) a whole-file \`Buffer\` per file (the second read; the header pass read
64 KiB of each already), (2) a new stored-values array per frame
(\`decodeNativeFrame\`: allocate and copy), (3) the copy
into the volume (\`copyFrame\`), (4) a second 125 MiB volume for the row flip
(\`niftiLayout\` → \`flipRows\`). Each new buffer costs page faults and
zeroing: radset took ~105,000 minor page faults to dcm2niix's ~34,000
(one per 4 KiB page of its one volume), 1.3–1.6 s user + 0.7–0.85 s
system CPU to dcm2niix's ~0.1 + 0.2–0.35 s. In the CPU profile \`flipRows\` was
11–12 % of the process, the garbage collector 11–15 % (the per-file and
per-frame buffers: ~250 MiB of short-lived external memory), \`copyFrame\`
3–12 %, module compilation about 5 %; every file is opened, stat'ed, read and
closed twice, each an async round trip through libuv's pool. Peak RSS follows
the copies: 370 MiB against dcm2niix's 135 MiB.

**Start-up.** Every command loads the whole CLI: \`radset --version\` opens
~290 files of dist/ plus \`pg\` and \`@electric-sql/pglite\` (~60 files of
node_modules), 0.45–0.75 s here against ~0.1 s for \`node -e 0\`; dcm2niix
starts in milliseconds. That alone is about dcm2niix's whole \`.nii\` time.

**What is attainable.** A throwaway script with radset's own parser
(\`parsePart10\` from dist/): each header from a 64 KiB prefix read into one
reused buffer, each slice's pixel bytes read (\`readSync\`) straight into its
place in one unzeroed volume, rows flipped in place within the slice while
it is in cache, one \`writev\`: 0.85–1.5 s wall (0.4–0.5 s user, 0.3–0.4 s
system, ~44,500 page faults) against dcm2niix's 0.27–0.59 s in the same
minutes, voxels byte-identical to dcm2niix's. Node's start and the module
import are ~0.2 s of that. So a single-threaded radset can get to about
0.5× dcm2niix on \`.nii\`, not to 1×: parity on 2 cores would need the
per-file work (open, header parse, pixel read) split over both cores (worker
threads filling one SharedArrayBuffer volume), which dcm2niix does not do.

**\`.nii.gz\`: why radset is ahead.** Not the parallelism (both use the 2
cores: pigz's default threads; radset's two blocks in flight) but the
deflate: Node bundles Chromium's zlib (\`process.versions.zlib\` 1.3.1-e00f703,
SIMD hashing and match finding), Debian's pigz links zlib 1.2.13. Deflating
this .nii at level 6 on one thread took 3.3 s of CPU in Node
(\`zlib.deflateSync\`) against 11.0–11.3 s for \`pigz -p 1 -b 960 -6\` and
11.4–11.6 s for \`gzip -6\`, and Node's output is ~1 % smaller. dcm2niix
also writes the whole .nii to disk first and pigz reads it back.
In radset the gzip is ~70–75 % of the in-process time; the rest is the \`.nii\`
path above.

Suggestions, in order of expected gain (none made here: src/volume,
src/export and src/nifti are being edited by others):

1. **Read pixel data once, straight into the volume** (src/volume
   \`buildVolume\`, src/dicom): the header pass already has each file's
   pixel data offset and length (\`dataset.element('PixelData')\` of a
   headerOnly read); for native little-endian data whose stored
   type is the volume's type (CT and most MR), \`read\` those bytes into the
   volume's slot (an unzeroed allocation) instead of reading the whole file
   into a new Buffer, decoding into a new array and copying. Keep
   \`decodeFrame\` for everything else (compressed, big endian, Bits Stored
   masking needed — for signed 16-of-16 nothing is to mask). Saves the
   read, parse and decode steps (~0.5–0.8 s in the table) and most of the GC.
2. **Flip rows in place, or place them flipped** (src/export
   \`niftiLayout\`): swap rows within each slice as it lands (cache-hot, one
   row of scratch) instead of allocating a second volume; or let
   \`buildVolume\` take the row order. Saves the flip step (~0.15–0.5 s)
   and ~125 MiB of peak RSS; for \`.nii.gz\` the blocks can then be
   deflated as slices land, overlapping compression with reading.
3. **Load only the command that runs** (src/cli): a dynamic \`import()\`
   per command in \`commands/index.ts\` keeps \`nifti\` from loading
   PostgreSQL, PGlite, de-identification and ingest: ~0.3 s on every command.
4. **Fewer pool round trips**: the per-file open/stat/read/close run
   sequentially on libuv's pool; synchronous reads (as the header bench's
   \`readDicomFileSync\`) or a few files in flight cut the wait, and a
   second core (worker threads over halves of the series) is the only way
   to beat dcm2niix on \`.nii\` on this machine.
`;
