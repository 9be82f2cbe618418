// Every benchmark writes its own section of BENCHMARKS.md: the section whose heading is the first
// line of `section` is replaced in place, or added at the end; the rest of the file is kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'BENCHMARKS.md');
const HEADER = '# Benchmarks\n\nFigures measured on this project\'s own machines; these are shared and noisy, so medians and ratios are quoted.\n\n';

export function writeSection(section) {
  const heading = section.split('\n')[0];
  const old = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const start = old.indexOf(heading);
  const end = start === -1 ? -1 : old.indexOf('\n## ', start + 1);
  writeFileSync(FILE, start === -1 ? old.trimEnd() + '\n\n' + section : old.slice(0, start) + section + (end === -1 ? '' : '\n' + old.slice(end + 1)));
}
