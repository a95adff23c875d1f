/**
 * Parsing of repeatable, comma-separated name options (`--topics a,b --topics c`).
 */

/** Commander argument parser that accumulates comma-separated names and rejects empty ones. */
export function collectNames(option: string): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    const names = value.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new Error(`${option} takes comma-separated names, got '${value}'`);
    return [...(previous ?? []), ...names];
  };
}
