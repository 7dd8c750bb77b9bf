#!/usr/bin/env node
// Runs a TypeScript script (perf benchmarks, self-test) through tsx's loader: `node bin/roadtest-tsx.mjs file.ts args...`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const [, , script, ...rest] = process.argv;
if (!script) { process.stderr.write('usage: roadtest-tsx <script.ts> [args]\n'); process.exit(2); }
process.argv = [process.argv[0], resolve(script), ...rest];
await import(pathToFileURL(resolve(script)).href);
