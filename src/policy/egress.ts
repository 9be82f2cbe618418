/**
 * Egress: what may leave the machine. A request to a cloud metadata address, a link-local address or
 * a scheme other than http(s) is denied (they hand out credentials or read local files); a request
 * to a host the playbook allows is allowed, to loopback allowed (local dev servers), to any other host
 * asked. Sending a file or a secret out is judged by the caller (it knows what is sent). Pure.
 */

/** Hosts an agent may fetch from without asking: package registries and documentation. */
export const DEFAULT_ALLOWED_HOSTS = [
  'registry.npmjs.org', 'proxy.golang.org', 'sum.golang.org', 'pkg.go.dev', 'pypi.org', 'files.pythonhosted.org',
  'crates.io', 'static.crates.io', 'docs.rs', 'developer.mozilla.org', 'nodejs.org', 'go.dev', 'docs.python.org',
];

const METADATA_HOSTS = new Set(['169.254.169.254', 'fd00:ec2::254', '[fd00:ec2::254]', 'metadata.google.internal', 'metadata', '100.100.100.200', 'metadata.azure.com', '168.63.129.16']);

export type EgressVerdict = { verdict: 'allow' | 'ask' | 'deny'; rule: string; reason: string };

export function judgeUrl(raw: string, allowedHosts: readonly string[]): EgressVerdict {
  // Scheme-less targets (curl example.com) are http.
  const text = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { verdict: 'deny', rule: 'url-unreadable', reason: `"${raw}" is not a URL kao can read` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { verdict: 'deny', rule: 'egress-scheme', reason: `${url.protocol} URLs reach files or services outside the web (${raw})` };
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  // The URL parser has already turned 2852039166, 0xa9fea9fe and 0251.0376.… into dotted form.
  if (METADATA_HOSTS.has(host) || /^169\.254\./.test(host) || /^\[?fe80:/i.test(host)) {
    return { verdict: 'deny', rule: 'egress-metadata', reason: `${host} is a cloud metadata or link-local address, which hands out credentials` };
  }
  if (host === 'localhost' || /^127\./.test(host) || host === '[::1]' || host === '::1') {
    return { verdict: 'allow', rule: 'egress-loopback', reason: `${host} is this machine` };
  }
  if (allowedHosts.some((h) => host === h || (h.startsWith('*.') && host.endsWith(h.slice(1))))) {
    return { verdict: 'allow', rule: 'egress-allowed-host', reason: `${host} is a host the playbook allows` };
  }
  return { verdict: 'ask', rule: 'egress-unknown-host', reason: `${host} is not a host the playbook allows` };
}
