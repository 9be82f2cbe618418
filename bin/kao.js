#!/usr/bin/env node
// Cache compiled code between runs (Node 22+): start-up is most of a short command's time.
import module from 'node:module';
module.enableCompileCache?.();
await import('../dist/kao.js');
