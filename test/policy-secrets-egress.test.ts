// The secret and egress rules on their own: every default secret glob is caught (so the quick word
// check in front of the globs can never hide one), templates are not secrets, a repository can add
// and exempt paths, and URLs are judged by scheme and host in every spelling of a metadata address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeUrl } from '../src/policy/egress.ts';
import { DEFAULT_SECRETS, secretMatcher } from '../src/policy/secrets.ts';

/** A path each glob matches: `**` becomes a folder, `*` a name. */
const sample = (glob: string) => glob.replace(/\*\*\//g, 'deploy/').replace(/\/\*\*$/, '/file').replace(/\*/g, 'prod');

test('every default secret glob catches a path it names, through the quick check in front of the globs', () => {
  const isSecret = secretMatcher();
  for (const glob of DEFAULT_SECRETS) assert.ok(isSecret(sample(glob)), `${glob} (${sample(glob)})`);
  for (const p of ['/proc/self/environ', '/proc/42/environ', '.env', 'backend/.env.local', '.ssh/id_ed25519', '.aws/credentials']) assert.ok(isSecret(p), p);
  for (const p of ['.env.example', 'src/env.ts', 'docs/environment.md', 'keys/id_rsa.pub', 'src/app.ts', 'README.md', 'backend/config.go']) assert.equal(isSecret(p), false, p);
});

test('a repository adds secrets and exempts look-alikes in its operating model', () => {
  const isSecret = secretMatcher({ add: ['config/vault.yml'], allow: ['fixtures/**/*.pem'] });
  assert.equal(isSecret('config/vault.yml'), true);
  assert.equal(isSecret('fixtures/tls/test.pem'), false);
  assert.equal(isSecret('certs/prod.pem'), true);
});

test('egress: metadata addresses in every spelling and non-http schemes are denied, loopback and allowed hosts pass, others ask', () => {
  const hosts = ['registry.npmjs.org', '*.example.org'];
  for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9fea9fe/', 'http://0251.0376.0251.0376/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/', 'http://100.100.100.200/', 'http://169.254.170.2/v2/credentials']) {
    assert.equal(judgeUrl(url, hosts).rule, 'egress-metadata', url);
  }
  for (const url of ['file:///etc/passwd', 'gopher://x/', 'dict://x:11211/', 'ftp://x/', 'ldap://x/']) assert.equal(judgeUrl(url, hosts).rule, 'egress-scheme', url);
  assert.equal(judgeUrl('http://localhost:3000/health', hosts).verdict, 'allow');
  assert.equal(judgeUrl('https://registry.npmjs.org/zod', hosts).verdict, 'allow');
  assert.equal(judgeUrl('https://docs.example.org/x', hosts).verdict, 'allow');
  assert.equal(judgeUrl('registry.npmjs.org/zod', hosts).verdict, 'allow', 'a host without a scheme is http');
  assert.equal(judgeUrl('https://evil.example/x', hosts).verdict, 'ask');
  assert.equal(judgeUrl('http://[', hosts).rule, 'url-unreadable');
});
