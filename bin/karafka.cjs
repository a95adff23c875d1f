#!/usr/bin/env node
// The `karafka` executable. CommonJS on purpose: it runs before any ES module loads, so the libuv thread pool
// size can still be raised. Every listener's poll holds a pool thread while it waits, and commits, seeks and
// file reads need free ones: 4 (Node's default) is too few for a few subscription groups.
'use strict';

if (process.env.UV_THREADPOOL_SIZE === undefined) process.env.UV_THREADPOOL_SIZE = '16';

import('../dist/cli/main.js')
  .then(async ({ runCli }) => {
    process.exitCode = await runCli(process.argv.slice(2));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
