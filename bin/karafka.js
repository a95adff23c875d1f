#!/usr/bin/env node
// The `karafka` executable: runs the compiled CLI (dist/ is built by `npm run build`, and on install).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
