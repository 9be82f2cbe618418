/**
 * Programs that read, write, copy, link, delete and archive files, and the text tools. Each entry says
 * which operands it reads and which it writes; options that write (`sort -o`, `sed -i`, `tar -x`) or
 * run code (`sort --compress-program`, `rg --pre`, sed's `e` and `w` commands) are named. Pure.
 */
import { type Effect, type Handler, has, type OptionSpec, readOptions, unknownOptions, valueOf, word } from './options.ts';
import type { Word } from '../shell/parse.ts';

const read = (path: Word, why: string): Effect => ({ kind: 'read', path, why });
const write = (path: Word, why: string): Effect => ({ kind: 'write', path, why });

/** A tool whose operands are files it reads and whose options neither write nor run code. */
function reader(spec: OptionSpec = { any: true }, skip = 0): Handler {
  return ({ program, args }) => {
    const o = readOptions(args, spec);
    return [...unknownOptions(program, o), ...o.operands.slice(skip).map((p) => read(p, `${program} reads it`))];
  };
}

/** A tool whose arguments are not files (echo, printf, date). */
const noFiles: Handler = () => [];

/** grep and friends: the first operand is the pattern unless -e/-f give it. */
function searcher(value: string[], patternFile: string[], exec: string[] = []): Handler {
  return ({ program, args }) => {
    const o = readOptions(args, { value: [...value, ...patternFile, ...exec], any: true });
    const effects: Effect[] = [];
    for (const f of patternFile) {
      const v = o.opts.get(f);
      if (typeof v === 'string') effects.push(read(word(v), `${program} ${f} reads patterns from it`));
    }
    for (const e of exec) if (o.opts.has(e)) effects.push({ kind: 'ask', rule: 'command-runs-code', why: `${program} ${e} runs a program on every file` });
    const given = has(o, '-e', '--regexp', ...patternFile);
    const files = given ? o.operands : o.operands.slice(1);
    return [...effects, ...files.map((p) => read(p, `${program} reads it`))];
  };
}

/** cp, mv, install, ln: the last operand (or -t DIR) is written; sources are read (mv also removes them). */
function copier(value: string[]): Handler {
  return ({ program, args }) => {
    const o = readOptions(args, { value: ['-t', '--target-directory', '-S', '--suffix', ...value], any: true });
    const target = valueOf(o, '-t', '--target-directory');
    const sources = target !== undefined ? o.operands : o.operands.slice(0, -1);
    const dest = target !== undefined ? word(target) : o.operands.at(-1);
    if (!dest) return [];
    // Into a folder (-t DIR, DIR/, or several sources): each source lands under its own name there.
    const intoFolder = target !== undefined || dest.text.endsWith('/') || sources.length > 1;
    const effects: Effect[] = intoFolder
      ? sources.map((s) => write({ ...dest, text: `${dest.text.replace(/\/$/, '')}/${s.text.replace(/\/$/, '').split('/').pop()}`, dynamic: dest.dynamic || s.dynamic }, `${program} writes it`))
      : [write(dest, `${program} writes it`)];
    for (const s of sources) {
      effects.push(read(s, program === 'ln' ? 'ln gives it a second name, which is the same file' : `${program} copies it`));
      // A link is a second name of the same file: making one of a protected file is writing it.
      const links = program === 'ln' || (program === 'cp' && has(o, '-l', '--link', '-s', '--symbolic-link'));
      if (links || program === 'mv') effects.push(write(s, links ? `${program} makes a second name for it` : 'mv removes it from here'));
    }
    return effects;
  };
}

/** sed: -i edits its files; the script's `w`, `W`, `r`, `R` and `e` commands reach other files or run code. */
const sed: Handler = ({ program, args }) => {
  // -i takes an optional suffix glued to it (-i.bak, -ni), so it is taken out before the options are read.
  let inPlace = false;
  const rest = args.flatMap((a) => {
    const m = /^-([nErsuz]*)i(\S*)$|^--in-place(=.*)?$/.exec(a.text);
    if (!m || a.dynamic) return [a];
    inPlace = true;
    return m[1] ? [word(`-${m[1]}`)] : [];
  });
  const o = readOptions(rest, { value: ['-e', '--expression', '-f', '--file', '-l', '--line-length'], flags: ['-n', '--quiet', '--silent', '-E', '-r', '--regexp-extended', '-s', '--separate', '-z', '--null-data', '-u', '--unbuffered', '--posix', '--debug', '--sandbox'] });
  const scripts = [...o.opts.entries()].filter(([k]) => k === '-e' || k === '--expression').map(([, v]) => String(v));
  const scriptFile = valueOf(o, '-f', '--file');
  const operands = scripts.length || scriptFile ? o.operands : o.operands.slice(1);
  if (!scripts.length && !scriptFile && o.operands[0]) scripts.push(o.operands[0].text);
  const effects: Effect[] = [];
  if (scriptFile) effects.push({ kind: 'ask', rule: 'command-runs-code', why: `sed -f runs a script file kao does not read (${scriptFile})` });
  if (!o.opts.has('--sandbox') && scripts.some((s) => /(^|[;{}\n]|\d|\$|\/)\s*[wWrRe](\s|$)|\/[gpiImMe\d]*[we](\s|;|$)/.test(s))) {
    effects.push({ kind: 'ask', rule: 'command-runs-code', why: 'the sed script reads or writes other files, or runs a command (w, r, e)' });
  }
  for (const f of operands) effects.push(inPlace ? write(f, 'sed -i edits it') : read(f, 'sed reads it'));
  return [...unknownOptions(program, o), ...effects];
};

/** awk: plain field processing is reading; a program with system(), pipes, getline or `>` runs or writes. */
const awk: Handler = ({ program, args }) => {
  const o = readOptions(args, { value: ['-F', '-v', '-f', '--file', '-i', '--include', '-l', '--load'], any: true });
  if (o.opts.has('-f') || o.opts.has('--file') || o.opts.has('-i') || o.opts.has('--include') || o.opts.has('-l')) {
    return [{ kind: 'ask', rule: 'command-runs-code', why: `${program} runs a program file kao does not read` }];
  }
  const [prog, ...files] = o.operands;
  if (!prog || prog.dynamic || /system\s*\(|\|\s*(getline|&)?|getline|>|\bprintf?\s*[^;]*>|close\s*\(|fflush/.test(prog.text)) {
    return [{ kind: 'ask', rule: 'command-runs-code', why: `the ${program} program writes files or runs commands` }];
  }
  return files.filter((f) => !/^[A-Za-z_]\w*=/.test(f.text)).map((f) => read(f, `${program} reads it`));
};

/** tar: -c reads its inputs into the archive (-f), -x writes wherever -C or the archive says. */
const tar: Handler = ({ args }) => {
  const first = args[0]?.text ?? '';
  // Old-style `tar czf out.tgz dir` bundles the mode without a dash.
  const norm = first && !first.startsWith('-') ? [word(`-${first}`), ...args.slice(1)] : [...args];
  const o = readOptions(norm, { value: ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '--exclude', '-I', '--use-compress-program', '--to-command', '--checkpoint-action', '--transform', '--xform', '-b', '--blocking-factor', '--strip-components', '--owner', '--group', '--mode', '--mtime', '--format', '-H'], any: true });
  const effects: Effect[] = [];
  if (has(o, '-I', '--use-compress-program', '--to-command', '--checkpoint-action', '--info-script', '--new-volume-script', '-F', '--rsh-command', '--rmt-command')) effects.push({ kind: 'ask', rule: 'command-runs-code', why: 'tar runs a program of the caller\'s choosing' });
  const file = valueOf(o, '-f', '--file');
  const dir = valueOf(o, '-C', '--directory') ?? '.';
  if (has(o, '-x', '--extract', '--get')) {
    if (file) effects.push(read(word(file), 'tar extracts it'));
    effects.push(write(word(`${dir.replace(/\/$/, '')}/…`), 'tar extracts files, named by the archive, into it'));
  } else if (has(o, '-c', '--create', '-r', '--append', '-u', '--update')) {
    if (file) effects.push(write(word(file), 'tar writes the archive'));
    for (const p of o.operands) effects.push(read(p, 'tar archives it'));
    const list = valueOf(o, '-T', '--files-from');
    if (list) effects.push(read(word(list), 'tar reads the list of files from it'), { kind: 'ask', rule: 'command-unknown-operands', why: 'tar archives files named in a list kao does not read' });
  } else if (has(o, '-t', '--list', '-d', '--diff', '--compare')) {
    if (file) effects.push(read(word(file), 'tar lists it'));
  } else effects.push({ kind: 'ask', rule: 'command-unknown-option', why: 'kao does not know what this tar command does' });
  return effects;
};

const unzip: Handler = ({ args }) => {
  const o = readOptions(args, { value: ['-d', '-x', '-P'], any: true });
  const [zip] = o.operands;
  const effects: Effect[] = zip ? [read(zip, 'unzip reads it')] : [];
  if (has(o, '-l', '-v', '-t', '-Z', '-p')) return effects;
  return [...effects, write(word(`${(valueOf(o, '-d') ?? '.').replace(/\/$/, '')}/…`), 'unzip extracts files, named by the archive, into it')];
};

const zip: Handler = ({ args }) => {
  const o = readOptions(args, { value: ['-x', '-i', '-P', '--password', '-b', '-n', '-t', '-tt', '-O', '--output-file', '-TT', '--unzip-command'], any: true });
  if (has(o, '-TT', '--unzip-command', '-T')) return [{ kind: 'ask', rule: 'command-runs-code', why: 'zip -T/-TT runs a test program' }];
  const [archive, ...files] = o.operands;
  return [...(archive ? [write(archive, 'zip writes the archive')] : []), ...files.map((f) => read(f, 'zip archives it'))];
};

/** gzip, xz, bzip2…: replace each file with its (de)compressed form unless -c / -k. */
const compressor: Handler = ({ program, args }) => {
  const o = readOptions(args, { value: ['-S', '--suffix', '-T', '--threads'], any: true });
  const toStdout = has(o, '-c', '--stdout', '--to-stdout', '-l', '--list', '-t', '--test');
  return o.operands.flatMap((f) => toStdout ? [read(f, `${program} reads it`)] : [read(f, `${program} reads it`), write(f, `${program} replaces it`)]);
};

const find: Handler = ({ args }) => {
  const effects: Effect[] = [];
  let i = 0;
  // Options before the start points (-L, -H, -P, -O3, -D debug).
  while (i < args.length && /^-[LHP]$|^-O\d$|^-D$/.test(args[i]!.text)) i += args[i]!.text === '-D' ? 2 : 1;
  while (i < args.length && !/^[-(!]/.test(args[i]!.text)) effects.push(read(args[i++]!, 'find lists what is under it'));
  for (; i < args.length; i++) {
    const a = args[i]!.text;
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      let end = i + 1;
      while (end < args.length && args[end]!.text !== ';' && args[end]!.text !== '+') end++;
      // Each found file is an operand only the running command knows.
      const words = args.slice(i + 1, end).map((w) => (w.text.includes('{}') ? { ...w, dynamic: true } : w));
      effects.push({ kind: 'run', words, stdin: null });
      i = end;
    } else if (a === '-delete') {
      effects.push({ kind: 'deny', rule: 'no-destructive-commands', why: 'find -delete deletes every file it finds' });
    } else if (/^-f(print0?|printf|ls)$/.test(a)) {
      effects.push(write(args[++i] ?? word(''), `find ${a} writes it`));
    } else if (/^-(newer|anewer|cnewer|samefile|newer[aBcmt][aBcmt])$/.test(a)) {
      i++;
    }
  }
  return effects;
};

const rm: Handler = ({ program, args }) => {
  const o = readOptions(args, { any: true });
  return o.operands.map((p) => ({ kind: 'delete', path: p, why: `${program} deletes it` }));
};

const touchLike = (verb: string): Handler => ({ program, args }) => {
  const o = readOptions(args, { value: ['-m', '--mode', '-r', '--reference', '-d', '--date', '-t', '--context', '-Z'], any: true });
  const ref = valueOf(o, '-r', '--reference');
  return [...(ref ? [read(word(ref), `${program} reads its times`)] : []), ...o.operands.map((p) => write(p, `${program} ${verb} it`))];
};

const chmodLike: Handler = ({ program, args }) => {
  const o = readOptions(args, { value: ['--reference'], any: true });
  // The mode or owner comes first.
  return o.operands.slice(1).map((p) => write(p, `${program} changes it`));
};

const tee: Handler = ({ args }) => readOptions(args, { any: true }).operands.map((p) => write(p, 'tee writes it'));

const sort: Handler = ({ program, args }) => {
  const o = readOptions(args, { value: ['-o', '--output', '-k', '--key', '-t', '--field-separator', '-T', '--temporary-directory', '-S', '--buffer-size', '--files0-from', '--compress-program', '--parallel', '--batch-size', '--random-source'], any: true });
  const effects: Effect[] = o.operands.map((p) => read(p, `${program} reads it`));
  const out = valueOf(o, '-o', '--output');
  if (out) effects.push(write(word(out), 'sort -o writes it'));
  if (o.opts.has('--compress-program')) effects.push({ kind: 'ask', rule: 'command-runs-code', why: 'sort --compress-program runs a program' });
  return effects;
};

const dd: Handler = ({ args }) => args.flatMap((a): Effect[] => {
  if (a.text.startsWith('if=')) return [read({ ...a, text: a.text.slice(3) }, 'dd reads it')];
  if (a.text.startsWith('of=')) return [{ kind: 'deny', rule: 'no-destructive-commands', why: 'dd overwrites a file or a device block by block' }];
  return [];
});

/** uniq IN OUT and xxd -r IN OUT write their second operand. */
const secondIsOutput = (reverseOnly: boolean): Handler => ({ program, args }) => {
  const o = readOptions(args, { value: ['-f', '-s', '-w', '-c', '-g', '-l', '-o', '-n', '--skip-fields', '--skip-chars', '--check-chars', '-cols', '-len', '-seek'], any: true });
  const [input, output] = o.operands;
  const writes = output && (!reverseOnly || has(o, '-r', '-revert'));
  return [...(input ? [read(input, `${program} reads it`)] : []), ...(output ? [writes ? write(output, `${program} writes it`) : read(output, `${program} reads it`)] : [])];
};

const patch: Handler = ({ args }) => {
  const o = readOptions(args, { value: ['-p', '-i', '--input', '-o', '--output', '-d', '--directory', '-B', '-r', '--reject-file', '-D', '-F', '-V', '-z', '--suffix'], any: true });
  if (has(o, '--dry-run')) return [];
  const out = valueOf(o, '-o', '--output');
  if (out) return [write(word(out), 'patch writes it')];
  const [target] = o.operands;
  return target ? [write(target, 'patch edits it')] : [{ kind: 'ask', rule: 'command-unknown-operands', why: 'patch edits the files named inside the patch, which kao does not read' }];
};

export const FILE_PROGRAMS: Record<string, Handler> = {
  cat: reader(), tac: reader(), head: reader({ value: ['-n', '-c', '--lines', '--bytes'], any: true }), tail: reader({ value: ['-n', '-c', '--lines', '--bytes', '-s', '--sleep-interval', '--pid'], any: true }),
  wc: reader(), nl: reader(), more: reader(), cut: reader({ value: ['-d', '-f', '-b', '-c', '--delimiter', '--fields'], any: true }),
  paste: reader({ value: ['-d'], any: true }), join: reader({ value: ['-t', '-1', '-2', '-j', '-o', '-e'], any: true }), comm: reader(), fold: reader({ value: ['-w'], any: true }),
  fmt: reader({ value: ['-w'], any: true }), column: reader({ value: ['-s', '-t', '-c', '-o'], any: true }), expand: reader(), unexpand: reader(), rev: reader(),
  od: reader(), hexdump: reader(), strings: reader(), base64: reader({ value: ['-w', '--wrap'], any: true }), base32: reader(),
  md5sum: reader(), sha1sum: reader(), sha256sum: reader(), sha512sum: reader(), shasum: reader({ value: ['-a'], any: true }), cksum: reader(), b2sum: reader(),
  file: reader(), stat: reader({ value: ['-c', '--format', '--printf', '-f'], any: true }), du: reader({ value: ['-d', '--max-depth', '--exclude'], any: true }), df: reader(),
  ls: reader({ value: ['-I', '--ignore', '-w', '--width', '--color', '--sort', '--time-style', '--format', '--hide', '-T', '--tabsize'], any: true }), tree: reader({ value: ['-L', '-P', '-I', '-o'], any: true }),
  realpath: reader(), readlink: reader(), diff: reader({ value: ['-U', '-C', '--unified', '--context', '-x', '--exclude', '-I', '--label', '-W', '--width'], any: true }), cmp: reader(),
  jq: searcher(['--arg', '--argjson', '--indent', '-L'], ['-f', '--from-file', '--rawfile', '--slurpfile']),
  yq: reader({ value: ['-o', '--output-format', '-I', '--indent', '-p', '--input-format'], any: true }, 1),
  grep: searcher(['-m', '-A', '-B', '-C', '--max-count', '--context', '--after-context', '--before-context', '--include', '--exclude', '--exclude-dir', '--color', '--label', '-d', '-D', '--binary-files'], ['-f', '--file']),
  egrep: searcher(['-m', '-A', '-B', '-C', '--include', '--exclude', '--exclude-dir'], ['-f', '--file']),
  fgrep: searcher(['-m', '-A', '-B', '-C', '--include', '--exclude', '--exclude-dir'], ['-f', '--file']),
  rg: searcher(['-g', '--glob', '-t', '--type', '-T', '--type-not', '-m', '--max-count', '-A', '-B', '-C', '--context', '-j', '--threads', '-M', '--max-columns', '--color', '--colors', '--sort', '--sortr', '--max-depth', '-d', '--type-add', '-E', '--encoding', '--ignore-file', '-r', '--replace', '--path-separator', '--max-filesize'], ['-f', '--file'], ['--pre', '--pre-glob', '--search-zip', '-z']),
  ag: searcher(['-G', '--file-search-regex', '--ignore', '-m', '-A', '-B', '-C', '--depth'], []),
  echo: noFiles, printf: noFiles, true: noFiles, false: noFiles, pwd: noFiles, date: noFiles, sleep: noFiles, seq: noFiles, whoami: noFiles, id: noFiles,
  uname: noFiles, hostname: noFiles, which: noFiles, type: noFiles, basename: noFiles, dirname: noFiles, test: noFiles, '[': noFiles, '[[': noFiles, yes: noFiles,
  tr: noFiles, nproc: noFiles, tput: noFiles, clear: noFiles, cd: noFiles, pushd: noFiles, popd: noFiles, wait: noFiles, jobs: noFiles, shift: noFiles, unset: noFiles,
  mkdir: touchLike('creates'), touch: touchLike('touches'), rmdir: rm, rm, unlink: rm, shred: () => [{ kind: 'deny', rule: 'no-destructive-commands', why: 'shred destroys file contents' }],
  truncate: () => [{ kind: 'deny', rule: 'no-destructive-commands', why: 'truncate throws file contents away' }],
  cp: copier([]), mv: copier([]), install: copier(['-m', '--mode', '-o', '--owner', '-g', '--group']), ln: copier([]),
  chmod: chmodLike, chown: chmodLike, chgrp: chmodLike,
  tee, sort, sed, awk, gawk: awk, mawk: awk, nawk: awk, tar, unzip, zip,
  gzip: compressor, gunzip: compressor, bzip2: compressor, bunzip2: compressor, xz: compressor, unxz: compressor, zstd: compressor,
  zcat: reader(), bzcat: reader(), xzcat: reader(),
  find, dd, uniq: secondIsOutput(false), xxd: secondIsOutput(true), patch,
};
