// Reads a unified diff (as `git diff` and `diff -u` write it) and applies it to file contents in memory, so that
// building the fork needs neither git nor patch. A hunk applies where its old lines (context and removed lines)
// match exactly: at the line it names, or the nearest place above or below it (upstream moved the code), never
// before the previous hunk. Fuzz (ignoring context lines) is not attempted: a hunk that does not match exactly
// is reported, naming the file and the hunk.

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The lines of a text, each with its "\n" (the last one without, when the text does not end with one). */
export function splitLines(text) {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The path after "--- " or "+++ ": without "a/" or "b/" and without a tab-separated timestamp. */
function pathOf(line) {
  const path = line.slice(4).split('\t')[0];
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

/**
 * The files of a unified diff: `[{ path, hunks: [{ oldStart, oldCount, newStart, newCount, lines }] }]`, where
 * `lines` are `{ kind: ' ' | '-' | '+', text }` and `text` ends with "\n" unless the diff says
 * "\ No newline at end of file" after it. Creating or deleting files is refused (the fork only changes lines).
 */
export function parsePatch(patch) {
  const lines = patch.split('\n');
  const files = [];
  let i = 0;
  while (i < lines.length) {
    if (!(lines[i].startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))) {
      i++;
      continue;
    }
    const oldPath = pathOf(lines[i]);
    const newPath = pathOf(lines[i + 1]);
    if (oldPath === null || newPath === null || oldPath !== newPath) {
      throw new Error(`patch: "${lines[i]}" / "${lines[i + 1]}": only changes to existing files are supported`);
    }
    const file = { path: newPath, hunks: [] };
    files.push(file);
    i += 2;
    while (i < lines.length && HUNK.test(lines[i])) {
      const [, oldStart, oldCount = '1', newStart, newCount = '1'] = HUNK.exec(lines[i]);
      const hunk = {
        oldStart: Number(oldStart),
        oldCount: Number(oldCount),
        newStart: Number(newStart),
        newCount: Number(newCount),
        lines: [],
      };
      file.hunks.push(hunk);
      i++;
      let oldLeft = hunk.oldCount;
      let newLeft = hunk.newCount;
      while (oldLeft > 0 || newLeft > 0 || lines[i]?.startsWith('\\')) {
        const line = lines[i];
        if (line === undefined) throw new Error(`patch: ${file.path}: the diff ends inside a hunk`);
        if (line.startsWith('\\')) {
          const last = hunk.lines.at(-1);
          if (last === undefined) throw new Error(`patch: ${file.path}: "\\" before any line of a hunk`);
          last.text = last.text.replace(/\n$/, '');
          i++;
          continue;
        }
        // An editor may have stripped the space of an empty context line.
        const kind = line === '' ? ' ' : line[0];
        if (kind !== ' ' && kind !== '-' && kind !== '+') {
          throw new Error(`patch: ${file.path}: unexpected line in a hunk: "${line}"`);
        }
        if (kind !== '+') oldLeft--;
        if (kind !== '-') newLeft--;
        if (oldLeft < 0 || newLeft < 0) throw new Error(`patch: ${file.path}: a hunk has more lines than it says`);
        hunk.lines.push({ kind, text: `${line.slice(1)}\n` });
        i++;
      }
    }
    if (file.hunks.length === 0) throw new Error(`patch: ${file.path} has no hunks`);
  }
  return files;
}

/** Whether `lines` holds `expected` from `at` on. */
function matchesAt(lines, expected, at) {
  if (at < 0 || at + expected.length > lines.length) return false;
  for (let j = 0; j < expected.length; j++) if (lines[at + j] !== expected[j]) return false;
  return true;
}

/** The position nearest `wanted`, not before `floor`, where `expected` matches; -1 when nowhere. */
function findNearest(lines, expected, wanted, floor) {
  for (let distance = 0; wanted - distance >= floor || wanted + distance <= lines.length; distance++) {
    if (wanted - distance >= floor && matchesAt(lines, expected, wanted - distance)) return wanted - distance;
    if (distance > 0 && matchesAt(lines, expected, wanted + distance)) return wanted + distance;
  }
  return -1;
}

/**
 * Applies one file's hunks (from `parsePatch`) to `text`. Returns `{ text, failed }`: the text with every hunk
 * that matched applied, and the hunks that did not match (`[]` when all applied).
 */
export function applyHunks(text, hunks) {
  let lines = splitLines(text);
  let shift = 0;
  let floor = 0;
  const failed = [];
  for (const hunk of hunks) {
    const oldLines = hunk.lines.filter((line) => line.kind !== '+').map((line) => line.text);
    const newLines = hunk.lines.filter((line) => line.kind !== '-').map((line) => line.text);
    const base = hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1;
    const wanted = Math.max(floor, base + shift);
    const at = findNearest(lines, oldLines, wanted, floor);
    if (at === -1) {
      failed.push(hunk);
      continue;
    }
    lines = [...lines.slice(0, at), ...newLines, ...lines.slice(at + oldLines.length)];
    shift = at - base + newLines.length - oldLines.length;
    floor = at + newLines.length;
  }
  return { text: lines.join(''), failed };
}

/** A hunk written back as unified diff text (for a report of what did not apply). */
export function formatHunk(hunk) {
  const body = hunk.lines.map(({ kind, text }) =>
    text.endsWith('\n') ? `${kind}${text}` : `${kind}${text}\n\\ No newline at end of file\n`,
  );
  return `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@\n${body.join('')}`;
}
