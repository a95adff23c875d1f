/** One line of a hunk: context (' '), removed ('-') or added ('+'); `text` ends with "\n" unless it ends the file. */
export interface PatchLine {
  kind: ' ' | '-' | '+';
  text: string;
}

/** One hunk of a unified diff. */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: PatchLine[];
}

/** One file's changes in a unified diff. */
export interface FilePatch {
  path: string;
  hunks: Hunk[];
}

/** The lines of a text, each with its "\n" (the last one without, when the text does not end with one). */
export function splitLines(text: string): string[];

/** The files of a unified diff; throws on a damaged diff or one that creates or deletes files. */
export function parsePatch(patch: string): FilePatch[];

/** Applies one file's hunks: the text with every hunk that matched applied, and the hunks that did not. */
export function applyHunks(text: string, hunks: readonly Hunk[]): { text: string; failed: Hunk[] };

/** A hunk written back as unified diff text. */
export function formatHunk(hunk: Hunk): string;
