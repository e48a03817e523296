/** How often the bar is redrawn at most. */
const REDRAW_MS = 100;
const WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/**
 * A one-line progress bar with rate and ETA on a terminal; nothing when the
 * stream is not a TTY (logs and pipes get the final report only).
 */
export function progressBar(
  stream: NodeJS.WritableStream,
  unit: string,
): ((done: number, total: number) => void) | undefined {
  if (!(stream as NodeJS.WriteStream).isTTY) return undefined;
  const started = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < REDRAW_MS) return;
    last = now;
    const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
    const elapsedSeconds = Math.max((now - started) / 1000, 1e-3);
    const rate = done / elapsedSeconds;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${unit}  ${rate.toFixed(0)} ${unit}/s  ETA ${duration(eta)}${done === total ? '\n' : ''}`,
    );
  };
}
