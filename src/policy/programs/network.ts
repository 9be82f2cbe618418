/**
 * Programs that reach the network: what they fetch, where they write it, and what they send. Sending
 * a file out (curl -d @f, -F f=@…, -T, wget --post-file, scp/rsync to a host, nc with input) is judged
 * as an upload; everything else by the URL's host. Raw sockets and remote shells ask. Pure.
 */
import { type Effect, type Handler, readOptions, valueOf, word } from './options.ts';
import type { Word } from '../shell/parse.ts';

const net = (target: string, why: string, upload?: Word | 'data'): Effect => ({ kind: 'net', target, why, ...(upload ? { upload } : {}) });

const curl: Handler = ({ args, stdin }) => {
  const o = readOptions(args, {
    any: true,
    value: ['-o', '--output', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json', '-F', '--form', '--form-string', '-T', '--upload-file',
      '-H', '--header', '-X', '--request', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-K', '--config', '-x', '--proxy',
      '--url', '-w', '--write-out', '-m', '--max-time', '--connect-timeout', '--retry', '-r', '--range', '--resolve', '--connect-to', '--cacert', '--cert', '--key', '-E',
      '--output-dir', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr', '-z', '--time-cond', '--unix-socket', '--abstract-unix-socket'],
  });
  const effects: Effect[] = [];
  const urls = [...o.operands.map((w) => w.text), ...[...o.opts.entries()].filter(([k]) => k === '--url').map(([, v]) => String(v))];
  if (o.opts.has('-K') || o.opts.has('--config')) effects.push({ kind: 'ask', rule: 'command-unknown-operands', why: 'curl -K reads its options from a file kao does not read' });
  if (o.opts.has('--unix-socket') || o.opts.has('--abstract-unix-socket') || o.opts.has('--resolve') || o.opts.has('--connect-to') || o.opts.has('-x') || o.opts.has('--proxy')) {
    effects.push({ kind: 'ask', rule: 'egress-unknown-host', why: 'curl is pointed at another socket, address or proxy' });
  }
  // What goes out: each data option, and a file named with @ or -T.
  let upload: Word | 'data' | undefined;
  for (const [k, v] of args.flatMap((w, i) => (/^(-d|--data|--data-raw|--data-binary|--data-urlencode|--data-ascii|--json|-F|--form|-T|--upload-file)$/.test(w.text) ? [[w.text, args[i + 1]] as const] : /^--(data|data-binary|data-raw|data-urlencode|json|form|upload-file)=/.test(w.text) ? [[w.text.split('=')[0]!, { ...w, text: w.text.slice(w.text.indexOf('=') + 1) }] as const] : []))) {
    if (!v) continue;
    const file = k === '-T' || k === '--upload-file' ? v.text : /(^|=)[@<]([^;]+)/.exec(v.text)?.[2];
    if (file !== undefined && k !== '--data-raw') {
      upload = { ...v, text: file };
      effects.push({ kind: 'read', path: upload, why: 'curl sends it' });
    } else upload ??= 'data';
  }
  if (stdin && upload === undefined && args.some((w) => /^(-d|--data|--data-binary|-T|--upload-file)$/.test(w.text))) upload = 'data';
  const out = valueOf(o, '-o', '--output');
  if (out) effects.push({ kind: 'write', path: word(out), why: 'curl writes the response to it' });
  if (o.opts.has('-O') || o.opts.has('--remote-name') || o.opts.has('--remote-name-all')) effects.push({ kind: 'write', path: word(valueOf(o, '--output-dir') ?? '.'), why: 'curl -O writes a file named by the server' });
  for (const k of ['-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr']) {
    const v = valueOf(o, k);
    if (v && v !== '-') effects.push({ kind: 'write', path: word(v), why: `curl ${k} writes it` });
  }
  if (urls.length === 0) effects.push({ kind: 'ask', rule: 'command-unknown', why: 'curl with no URL kao can read' });
  return [...effects, ...urls.map((u) => net(u, 'curl requests it', upload))];
};

const wget: Handler = ({ args }) => {
  const o = readOptions(args, { any: true, value: ['-O', '--output-document', '-P', '--directory-prefix', '--post-data', '--post-file', '--body-data', '--body-file', '--method', '-i', '--input-file', '-e', '--execute', '--header', '-U', '--user-agent', '-o', '--output-file', '-a', '--append-output', '--user', '--password', '-T', '--timeout', '-t', '--tries', '--use-askpass'] });
  const effects: Effect[] = [];
  let upload: Word | 'data' | undefined;
  const postFile = valueOf(o, '--post-file', '--body-file');
  if (postFile) {
    upload = word(postFile);
    effects.push({ kind: 'read', path: upload, why: 'wget sends it' });
  } else if (o.opts.has('--post-data') || o.opts.has('--body-data')) upload = 'data';
  if (o.opts.has('-e') || o.opts.has('--execute') || o.opts.has('--use-askpass')) effects.push({ kind: 'ask', rule: 'command-runs-code', why: 'wget -e runs settings commands kao does not judge' });
  const list = valueOf(o, '-i', '--input-file');
  if (list) effects.push({ kind: 'read', path: word(list), why: 'wget reads URLs from it' }, { kind: 'ask', rule: 'egress-unknown-host', why: 'wget fetches URLs listed in a file kao does not read' });
  const out = valueOf(o, '-O', '--output-document');
  const dir = valueOf(o, '-P', '--directory-prefix');
  if (out && out !== '-') effects.push({ kind: 'write', path: word(out), why: 'wget writes it' });
  else if (!out) effects.push({ kind: 'write', path: word(dir ?? '.'), why: 'wget saves a file named by the server into it' });
  for (const k of ['-o', '--output-file', '-a', '--append-output']) {
    const v = valueOf(o, k);
    if (v) effects.push({ kind: 'write', path: word(v), why: `wget ${k} writes it` });
  }
  return [...effects, ...o.operands.map((w) => net(w.text, 'wget requests it', upload))];
};

/** scp, rsync, sftp: `host:path` operands; copying a local file to a host is an upload. */
const copyToHost: Handler = ({ program, args }) => {
  const o = readOptions(args, { any: true, value: ['-P', '-p', '-i', '-F', '-o', '-S', '-e', '--rsh', '-c', '-l', '-J', '--exclude', '--include', '--filter', '-f', '--rsync-path', '--files-from', '--password-file', '--backup-dir', '--log-file', '--temp-dir', '-T', '--chmod', '--chown', '-B', '--port'] });
  if (o.opts.has('-e') || o.opts.has('--rsh') || o.opts.has('--rsync-path') || o.opts.has('-S') || o.opts.has('-o') || o.opts.has('-F')) {
    return [{ kind: 'ask', rule: 'command-runs-code', why: `${program} with a custom remote shell or program` }];
  }
  const remote = (w: Word) => /^[^/]*:/.test(w.text) || /^(rsync|scp|sftp):\/\//.test(w.text);
  const ops = o.operands;
  if (ops.length === 0) return [{ kind: 'ask', rule: 'command-unknown', why: `${program} with nothing to copy` }];
  const dest = ops.at(-1)!;
  const sources = ops.slice(0, -1);
  if (remote(dest)) {
    return sources.flatMap((s): Effect[] => [{ kind: 'read', path: s, why: `${program} sends it` }, net(`ssh://${dest.text.split(':')[0]}`, `${program} copies to it`, s)]);
  }
  return [...sources.filter(remote).map((s) => net(`ssh://${s.text.split(':')[0]}`, `${program} copies from it`)), ...sources.filter((s) => !remote(s)).map((s): Effect => ({ kind: 'read', path: s, why: `${program} copies it` })), { kind: 'write', path: dest, why: `${program} writes into it` }];
};

/** Raw sockets and remote shells: what they send cannot be told from the command. */
const socket: Handler = ({ program, args, stdin }) => {
  const o = readOptions(args, { any: true, value: ['-p', '-s', '-w', '-i', '-q', '-e', '-c', '-x', '-X', '-P', '-o', '-F', '-l', '-J', '-L', '-R', '-D', '-b', '-E', '-W'] });
  if (o.opts.has('-e') || o.opts.has('-c') || o.opts.has('--exec') || o.opts.has('--sh-exec')) return [{ kind: 'deny', rule: 'egress-remote-shell', why: `${program} -e/-c connects a shell to the network` }];
  const host = o.operands.find((w) => !/^\d+$/.test(w.text))?.text ?? '';
  if (stdin === 'file' || stdin === 'pipe' || stdin === 'heredoc') return [net(`tcp://${host}`, `${program} sends its input`, 'data')];
  return [{ kind: 'ask', rule: 'egress-raw-socket', why: `${program} opens a connection to ${host || 'a host'} that kao cannot see into` }];
};

/** DNS and ping: a name built from a substitution carries data out in the query itself. */
const lookup: Handler = ({ program, args }) => {
  if (args.some((w) => w.dynamic)) return [{ kind: 'deny', rule: 'egress-dns-exfiltration', why: `${program} looks up a name built when the command runs, which can carry data out` }];
  const host = args.find((w) => !w.text.startsWith('-') && !w.text.startsWith('@'))?.text;
  return host ? [net(host, `${program} queries it`)] : [];
};

export const NETWORK_PROGRAMS: Record<string, Handler> = {
  curl, wget, scp: copyToHost, rsync: copyToHost, sftp: copyToHost,
  nc: socket, ncat: socket, netcat: socket, socat: socket, telnet: socket, ssh: socket, ftp: socket, openssl: ({ args }) => (args[0]?.text === 's_client' ? [{ kind: 'ask', rule: 'egress-raw-socket', why: 'openssl s_client opens a connection' }] : []),
  dig: lookup, nslookup: lookup, host: lookup, ping: lookup, traceroute: lookup,
  http: ({ args }) => args.filter((w) => /^https?:|^[\w.-]+\.[a-z]{2,}/i.test(w.text)).map((w) => net(w.text, 'httpie requests it', args.some((a) => /^[\w-]+(:?=|@)/.test(a.text)) ? 'data' : undefined)),
  gh: ({ args }) => (['view', 'list', 'status', 'diff', 'checks'].includes(args[1]?.text ?? '') || ['browse', 'search'].includes(args[0]?.text ?? '') ? [net('https://api.github.com', `gh ${args[0]?.text ?? ''} reads from GitHub`)] : [{ kind: 'ask', rule: 'egress-github-write', why: `gh ${args.slice(0, 2).map((w) => w.text).join(' ')} acts on GitHub` }]),
};
