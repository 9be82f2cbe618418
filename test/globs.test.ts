// The playbook's path matcher answers the common glob shapes by string tests; a property test holds
// it to picomatch's own answer (dotfiles match, case does not matter) on generated paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import picomatch from 'picomatch';
import { nameMatcher, pathMatcher } from '../src/playbook/globs.ts';

const GLOBS = ['**/*.{test,spec}.*', '**/*.{go,rb}', '**/{mfa,sso}/**', '**/*.go', '**/*_test.go', '**/*.test.*', '**/tests/**', '**/go.mod', '**/db/migrate/**', '**/.github/**', '**/*.d.ts', '**/components/ui/**', 'infra/**', '**/*{payout,coupon}*.{go,ts}', '**/Dockerfile', '**/x.y/**'];
const SEGMENTS = ['a', 'tests', 'Tests', 'go.mod', 'GO.MOD', 'x.go', 'x_test.go', 'x.test.ts', 'db', 'migrate', '.github', 'x.d.ts', 'components', 'ui', 'infra', 'payouts.ts', 'coupon.go', 'Dockerfile', 'x.y', '.hidden', 'tests.go', 'migrate.go', 'go.mod.bak', 'ui.go', '.go', '_test.go', 'mod', 'x.GO', 'a.spec.ts', '.test.', 'mfa', 'SSO'];

/** A deterministic stream of paths of one to five segments (a fixed seed: the same cases every run). */
function* paths(n: number): Generator<string> {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    const depth = 1 + Math.floor(next() * 5);
    yield Array.from({ length: depth }, () => SEGMENTS[Math.floor(next() * SEGMENTS.length)]).join('/');
  }
}

test('each glob answers as picomatch does (dot: true, nocase), for thousands of generated paths', () => {
  for (const glob of GLOBS) {
    const ours = pathMatcher([glob]);
    const theirs = picomatch(glob, { dot: true, nocase: true });
    const wrong: string[] = [];
    for (const p of paths(3000)) if (ours(p) !== theirs(p)) wrong.push(`${p}: ours ${ours(p)}, picomatch ${theirs(p)}`);
    assert.deepEqual(wrong.slice(0, 5), [], glob);
  }
});

test('a list matches when any of its globs does, and ./ in front of a path is ignored', () => {
  const m = pathMatcher(GLOBS);
  const any = (p: string) => GLOBS.some((g) => picomatch(g, { dot: true, nocase: true })(p));
  for (const p of paths(3000)) assert.equal(m(p), any(p), p);
  assert.equal(m('./backend/x.go'), true);
  assert.equal(pathMatcher([])('x.go'), false);
});

test('package names: plain names are looked up without case, and only names with a wildcard are globs', () => {
  const m = nameMatcher(['rrweb', 'posthog-js', '@amplitude/*', 'logrocket-*']);
  assert.deepEqual(['rrweb', 'RRWeb', 'posthog-js', '@amplitude/analytics-browser', 'logrocket-react'].map(m), [true, true, true, true, true]);
  assert.deepEqual(['rrweb-player-x/y', 'posthog', '@amplitude', 'logrocket', 'react'].map(m), [false, false, false, false, false]);
});
