#!/usr/bin/env node
await import('./node-version.js');
// Cache compiled code between runs (Node 22+): start-up is most of a short command's time.
const { default: module } = await import('node:module');
module.enableCompileCache?.();
await import('../dist/kao.js');
