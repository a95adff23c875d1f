/**
 * Reading CPU time and memory of processes from /proc (Linux), for the parent's per-contender measurements.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux kernel config in use). */
const TICKS_PER_SECOND = 100;

function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) that a process used, or undefined once it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  const fields = statFields(pid);
  if (fields === undefined) return undefined;
  // After the command: state(0) ... utime(11) stime(12).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time (ms) of the children this process waited for (cutime + cstime). The difference around one child's
 * life is that child's CPU time, as long as no other child ended meanwhile.
 */
export function reapedChildrenCpuMs(): number {
  const fields = statFields('self');
  if (fields === undefined) return 0;
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** Resident memory now and its high-water mark, in MB (2^20 bytes), or undefined once the process is gone. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
