/** Readings from Linux's /proc for a running process (proc(5)). */
import { readFileSync } from 'node:fs';

/**
 * The process's peak resident set size so far (VmHWM in /proc/PID/status), or
 * undefined when it has exited or /proc cannot be read.
 */
export function peakRssOfPid(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = status.match(/^VmHWM:\s+(\d+)\s+kB$/m)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}
