// Removes build outputs whose TypeScript source is gone (tsc never deletes them), so dist/ and the package
// hold nothing stale: no module that src/ no longer has, no source map pointing at a missing source.
// Run by `npm run build` after tsc. Only orphans are removed, so builds running alongside are not disturbed.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const src = path.join(root, 'src');
const OUTPUT = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

/** The source file a build output comes from, or undefined for a file tsc did not write. */
function sourceOf(relative) {
  const match = OUTPUT.exec(relative);
  return match === null ? undefined : path.join(src, `${relative.slice(0, -match[0].length)}.ts`);
}

function prune(dir) {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += prune(full);
      if (readdirSync(full).length === 0) rmSync(full, { recursive: true, force: true });
      continue;
    }
    const source = sourceOf(path.relative(dist, full));
    if (source !== undefined && !existsSync(source)) {
      rmSync(full, { force: true });
      removed += 1;
    }
  }
  return removed;
}

if (existsSync(dist)) {
  const removed = prune(dist);
  if (removed > 0) console.log(`prune-dist: removed ${String(removed)} file(s) whose source is gone`);
}
