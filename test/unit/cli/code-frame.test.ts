import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFrame, stackLocations } from '../../../src/app/code-frame.js';

describe('code frames and stack locations', () => {
  it('shows the lines around a location with a caret under the column', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'frame-')), 'config.mts');
    writeFileSync(file, 'one\ntwo\n\tthree = ;\nfour\nfive\nsix\n');
    expect(codeFrame({ file, line: 3, column: 10 })).toBe(
      ['  1 | one', '  2 | two', '> 3 | \tthree = ;', '    | \t        ^', '  4 | four', '  5 | five'].join('\n'),
    );
    expect(codeFrame({ file, line: 6, column: 1 }, 1)).toBe(['  5 | five', '> 6 | six', '    | ^'].join('\n'));
    expect(codeFrame({ file, line: 7, column: 1 })).toBe('');
    expect(codeFrame({ file: `${file}.missing`, line: 1, column: 1 })).toBe('');
  });

  it('reads file locations from a stack, paths and file URLs, skipping internals', () => {
    const stack = [
      'Error: boom',
      '    at boom (/app/karafka.config.mts:4:32)',
      '    at /app/consumers/a.mts:5:1',
      '    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)',
      '    at async file:///app/lib/x.mjs:2:7',
    ].join('\n');
    expect(stackLocations(stack)).toEqual([
      { file: '/app/karafka.config.mts', line: 4, column: 32 },
      { file: '/app/consumers/a.mts', line: 5, column: 1 },
      { file: '/app/lib/x.mjs', line: 2, column: 7 },
    ]);
  });
});
