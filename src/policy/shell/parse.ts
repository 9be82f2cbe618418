/**
 * A shell command line → the simple commands it would run, read the way bash reads it: quotes,
 * escapes, backslash-newline, comments, pipelines and lists, redirections, here-documents and
 * here-strings, assignments, compound-command keywords, and every command or process substitution
 * (which run too, wherever they appear, even inside double quotes). Each word keeps what is known
 * about it before the line runs: its literal text, and whether an expansion, a glob or a brace list
 * makes its real value unknown. What cannot be read exactly (an unterminated quote, a function
 * definition, `case`, arithmetic with substitutions, nesting deeper than a limit) is reported as
 * opaque, and the policy asks rather than guesses. Pure, linear in the input, never recursive beyond
 * MAX_DEPTH.
 */

export interface Word {
  /** The value with quotes removed; expansions are kept as written (`$HOME/x`). */
  text: string;
  /** Contains a parameter expansion or a substitution: its value is known only when the line runs. */
  dynamic: boolean;
  /** Unquoted `*`, `?` or `[`: the shell replaces it with matching file names. */
  glob: boolean;
  /** Unquoted `{a,b}` or `{1..3}`: the shell turns it into several words. */
  brace: boolean;
  /** Unquoted `~` at the start: a home folder. */
  tilde: boolean;
  /** An unquoted `NAME=` prefix: an assignment when it comes before the program. */
  assignment: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<>`, `>&`, `<&`. */
  op: string;
  fd: number | null;
  target: Word;
}

export interface SimpleCommand {
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
  /** Where standard input comes from, when not the terminal. */
  stdin: 'pipe' | 'heredoc' | 'file' | null;
  /** The text of a here-document or here-string fed to it. */
  input?: string;
}

export interface ParsedLine {
  commands: SimpleCommand[];
  /** Why (part of) the line cannot be read exactly; each one makes the decision an `ask`. */
  opaque: string[];
}

/** Deeper nesting of substitutions and `sh -c` than any real command uses. */
export const MAX_DEPTH = 12;
/** A brace expansion into more words than this is refused before anyone expands it. */
const MAX_BRACE_WORDS = 1000;
/** Longer command lines are not judged word by word. */
export const MAX_LENGTH = 65_536;

type Token = { t: 'word'; w: Word } | { t: 'op'; op: string } | { t: 'redir'; op: string; fd: number | null; heredoc?: { delimiter: string; strip: boolean; expand: boolean } };

const OPERATORS = ['&&', '||', '|&', ';;&', ';;', ';&', '|', ';', '&', '(', ')'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'coproc']);

export function parseShell(line: string, depth = 0): ParsedLine {
  const out: ParsedLine = { commands: [], opaque: [] };
  if (depth > MAX_DEPTH) {
    out.opaque.push('commands nested too deep to read');
    return out;
  }
  if (line.length > MAX_LENGTH) {
    out.opaque.push(`the command is ${line.length} characters long, more than kao reads (${MAX_LENGTH})`);
    return out;
  }
  const tokens = new Lexer(line, depth, out).run();
  build(tokens, out);
  return out;
}

class Lexer {
  i = 0;
  tokens: Token[] = [];
  pending: { delimiter: string; strip: boolean; expand: boolean; token: Token }[] = [];

  private readonly s: string;
  private readonly depth: number;
  private readonly out: ParsedLine;

  constructor(s: string, depth: number, out: ParsedLine) {
    this.s = s;
    this.depth = depth;
    this.out = out;
  }

  run(): Token[] {
    const s = this.s;
    while (this.i < s.length && this.out.opaque.length === 0) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t') {
        this.i++;
      } else if (c === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
      } else if (c === '\n') {
        this.i++;
        this.tokens.push({ t: 'op', op: ';' });
        this.readHeredocs();
      } else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (this.redirect()) {
        // consumed
      } else if ((c === '<' || c === '>') && s[this.i + 1] === '(') {
        this.tokens.push({ t: 'word', w: this.word() });
      } else {
        const op = OPERATORS.find((o) => s.startsWith(o, this.i));
        if (op) {
          this.i += op.length;
          this.tokens.push({ t: 'op', op });
        } else this.tokens.push({ t: 'word', w: this.word() });
      }
    }
    if (this.pending.length && this.out.opaque.length === 0) this.out.opaque.push('a here-document is not closed');
    for (const t of this.tokens) {
      if (t.t === 'word' && t.w.brace && braceCount(t.w.text) > MAX_BRACE_WORDS) this.out.opaque.push(`"${t.w.text.slice(0, 40)}" expands into more than ${MAX_BRACE_WORDS} words`);
    }
    return this.tokens;
  }

  /** `2>`, `>>`, `<<EOF`…: an optional file-descriptor number glued to the operator. */
  private redirect(): boolean {
    const s = this.s;
    const m = /^(\d{1,2})?(&>>|&>|<<<|<<-|<<|<>|<&|>&|>>|>\||<|>)/.exec(s.slice(this.i, this.i + 8));
    if (!m || (m[2]!.startsWith('<') && s[this.i + (m[1]?.length ?? 0) + 1] === '(' && m[2] === '<')) return false;
    if (m[2] === '>' && s[this.i + (m[1]?.length ?? 0) + 1] === '(') return false;
    this.i += m[0].length;
    const op = m[2]!;
    const fd = m[1] !== undefined ? Number(m[1]) : null;
    if (op === '<<' || op === '<<-') {
      while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
      const start = this.i;
      const w = this.word();
      const raw = s.slice(start, this.i);
      const token: Token = { t: 'redir', op, fd, heredoc: { delimiter: w.text, strip: op === '<<-', expand: !/['"\\]/.test(raw) } };
      this.tokens.push(token);
      this.pending.push({ ...token.heredoc!, token });
      return true;
    }
    this.tokens.push({ t: 'redir', op, fd });
    return true;
  }

  /** Here-document bodies start on the line after their operator. */
  private readHeredocs(): void {
    for (const h of this.pending.splice(0)) {
      const lines: string[] = [];
      let closed = false;
      while (this.i < this.s.length) {
        const end = this.s.indexOf('\n', this.i);
        const raw = this.s.slice(this.i, end === -1 ? undefined : end);
        this.i = end === -1 ? this.s.length : end + 1;
        const text = h.strip ? raw.replace(/^\t+/, '') : raw;
        if (text === h.delimiter) {
          closed = true;
          break;
        }
        lines.push(text);
      }
      if (!closed) {
        this.out.opaque.push(`the here-document ${h.delimiter} is not closed`);
        return;
      }
      const body = lines.join('\n');
      // An unquoted delimiter means the body's substitutions run too.
      if (h.expand) this.substitutionsIn(body);
      (h.token as { body?: string }).body = body;
    }
  }

  /** Commands run by `$(…)` and backticks inside a here-document or `${…}`. */
  private substitutionsIn(text: string): void {
    const inner = new Lexer(`"${text.replace(/(["\\])/g, '\\$1')}"`, this.depth, this.out);
    inner.word();
  }

  word(): Word {
    const s = this.s;
    const w: Word = { text: '', dynamic: false, glob: false, brace: false, tilde: false, assignment: false };
    const start = this.i;
    if (s[this.i] === '~') w.tilde = true;
    let braceOpen = -1;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (META.has(c)) {
        if ((c === '<' || c === '>') && s[this.i + 1] === '(' && this.i === start) {
          // Process substitution: a command whose output or input is a file name.
          this.substitution(this.i + 1);
          w.text += '<(…)';
          w.dynamic = true;
          continue;
        }
        break;
      }
      if (c === '\\') {
        if (s[this.i + 1] === '\n') this.i += 2;
        else {
          w.text += s[this.i + 1] ?? '';
          this.i += 2;
        }
      } else if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end === -1) return this.unterminated(w, 'a single quote');
        w.text += s.slice(this.i + 1, end);
        this.i = end + 1;
      } else if (c === '$' && s[this.i + 1] === "'") {
        this.ansiC(w);
      } else if (c === '"' || (c === '$' && s[this.i + 1] === '"')) {
        if (c === '$') this.i++;
        if (!this.doubleQuoted(w)) return w;
      } else if (c === '$' || c === '`') {
        this.expansion(w);
      } else {
        if (c === '*' || c === '?' || c === '[') w.glob = true;
        // Extended globs: @(…) !(…) +(…) ?(…) *(…).
        if ((c === '@' || c === '!' || c === '+') && s[this.i + 1] === '(') w.glob = true;
        if (c === '{') braceOpen = w.text.length;
        if (c === '}' && braceOpen >= 0 && /,|\.\./.test(w.text.slice(braceOpen))) w.brace = true;
        if (c === '=' && !w.assignment && this.i > start && /^[A-Za-z_][A-Za-z0-9_]*\+?$/.test(s.slice(start, this.i))) w.assignment = true;
        w.text += c;
        this.i++;
      }
    }
    return w;
  }

  private unterminated(w: Word, what: string): Word {
    this.out.opaque.push(`${what} is not closed`);
    this.i = this.s.length;
    return w;
  }

  /** `"…"`: only `$`, backticks and `\` are special inside. */
  private doubleQuoted(w: Word): boolean {
    const s = this.s;
    this.i++;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '"') {
        this.i++;
        return true;
      }
      if (c === '\\' && '$`"\\\n'.includes(s[this.i + 1] ?? '')) {
        if (s[this.i + 1] !== '\n') w.text += s[this.i + 1];
        this.i += 2;
      } else if (c === '$' || c === '`') this.expansion(w);
      else {
        w.text += c;
        this.i++;
      }
    }
    this.unterminated(w, 'a double quote');
    return false;
  }

  /** `$'…'`: escapes decoded, so `$'\x72m'` is the word `rm`. */
  private ansiC(w: Word): void {
    const s = this.s;
    let i = this.i + 2;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    while (i < s.length && s[i] !== "'") {
      if (s[i] !== '\\') {
        w.text += s[i++];
        continue;
      }
      const e = s[i + 1] ?? '';
      let m: RegExpExecArray | null;
      if (simple[e] !== undefined) {
        w.text += simple[e];
        i += 2;
      } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i + 1, i + 4)))) {
        w.text += String.fromCharCode(parseInt(m[1]!, 16));
        i += 1 + m[0].length;
      } else if ((m = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4)))) {
        w.text += String.fromCharCode(parseInt(m[0], 8));
        i += 1 + m[0].length;
      } else if ((m = /^(u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8})/.exec(s.slice(i + 1, i + 10)))) {
        w.text += String.fromCodePoint(parseInt(m[0].slice(1), 16));
        i += 1 + m[0].length;
      } else {
        // \cX and other rare forms: the value is not worked out here.
        w.dynamic = true;
        w.text += s.slice(i, i + 2);
        i += 2;
      }
    }
    if (i >= s.length) {
      this.unterminated(w, 'a $\'…\' quote');
      return;
    }
    this.i = i + 1;
  }

  /** `$NAME`, `${…}`, `$(…)`, `$((…))`, `` `…` ``: the word's value is known only when it runs. */
  private expansion(w: Word): void {
    const s = this.s;
    const next = s[this.i + 1];
    // A `$` before nothing it could expand is a literal dollar.
    if (s[this.i] === '$' && !/[A-Za-z0-9_{(@*#?$!-]/.test(next ?? '')) {
      w.text += '$';
      this.i++;
      return;
    }
    w.dynamic = true;
    if (s[this.i] === '`') {
      let j = this.i + 1;
      let inner = '';
      while (j < s.length && s[j] !== '`') {
        if (s[j] === '\\' && '`$\\'.includes(s[j + 1] ?? '')) j++;
        inner += s[j++];
      }
      if (j >= s.length) {
        this.unterminated(w, 'a backtick');
        return;
      }
      this.nested(inner);
      w.text += '`…`';
      this.i = j + 1;
      return;
    }
    if (next === '(' && s[this.i + 2] === '(') {
      const end = this.closing(this.i + 1);
      if (end < 0) return void this.unterminated(w, 'an arithmetic expansion');
      const body = s.slice(this.i + 3, end - 1);
      if (/\$\(|`/.test(body)) this.out.opaque.push('arithmetic with a command substitution inside');
      w.text += s.slice(this.i, end + 1);
      this.i = end + 1;
    } else if (next === '(') {
      this.substitution(this.i + 1);
      w.text += '$(…)';
    } else if (next === '{') {
      const end = this.closing(this.i + 1, '{', '}');
      if (end < 0) return void this.unterminated(w, 'a ${…} expansion');
      const body = s.slice(this.i + 2, end);
      if (/\$\(|`/.test(body)) this.substitutionsIn(body);
      // ${!name} and ${name@P} expand a name held in another variable: still just a value.
      w.text += s.slice(this.i, end + 1);
      this.i = end + 1;
    } else {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(s.slice(this.i, this.i + 256))!;
      w.text += m[0];
      this.i += m[0].length;
    }
  }

  /** `(…)` starting at `open`: its text runs as a command line. */
  private substitution(open: number): void {
    const end = this.closing(open);
    if (end < 0) {
      this.unterminated({ text: '', dynamic: true, glob: false, brace: false, tilde: false, assignment: false }, 'a command substitution');
      return;
    }
    this.nested(this.s.slice(open + 1, end));
    this.i = end + 1;
  }

  private nested(inner: string): void {
    const parsed = parseShell(inner, this.depth + 1);
    this.out.commands.push(...parsed.commands);
    this.out.opaque.push(...parsed.opaque);
  }

  /** The index of the bracket closing the one at `open`, skipping quoted text; -1 when none. */
  private closing(open: number, o = '(', c = ')'): number {
    const s = this.s;
    let level = 0;
    for (let i = open; i < s.length; i++) {
      const ch = s[i]!;
      if (ch === '\\') i++;
      else if (ch === "'" && o === '(') {
        const end = s.indexOf("'", i + 1);
        if (end < 0) return -1;
        i = end;
      } else if (ch === '"') {
        for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      } else if (ch === o) level++;
      else if (ch === c && --level === 0) return i;
    }
    return -1;
  }
}

/** Tokens → simple commands, with pipes, redirections, assignments and keywords sorted out. */
function build(tokens: Token[], out: ParsedLine): void {
  let cmd = fresh(null);
  let skipHeader = false;
  const finish = () => {
    if (cmd.words.length || cmd.assignments.length || cmd.redirects.length) out.commands.push(cmd);
  };
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    if (tok.t === 'op') {
      if (tok.op === '(' && cmd.words.length === 1 && tokens[k + 1]?.t === 'op' && (tokens[k + 1] as { op: string }).op === ')') {
        out.opaque.push(`"${cmd.words[0]!.text}()" defines a function that runs later`);
        return;
      }
      finish();
      skipHeader = false;
      cmd = fresh(tok.op === '|' || tok.op === '|&' ? 'pipe' : null);
      continue;
    }
    if (tok.t === 'redir') {
      const target = tokens[k + 1];
      if (tok.heredoc) {
        // The delimiter was read with the operator; the body arrived after the line ended.
        cmd.stdin = 'heredoc';
        cmd.input = (tok as { body?: string }).body ?? '';
        continue;
      }
      if (target?.t !== 'word') {
        out.opaque.push(`the redirection ${tok.op} has no target`);
        return;
      }
      k++;
      if (tok.op === '<<<') {
        cmd.stdin = 'heredoc';
        cmd.input = target.w.text;
      } else {
        if (tok.op === '<' || tok.op === '<>') cmd.stdin = 'file';
        cmd.redirects.push({ op: tok.op, fd: tok.fd, target: target.w });
      }
      continue;
    }
    const w = tok.w;
    if (skipHeader) continue;
    if (cmd.words.length === 0) {
      if (w.assignment) {
        const eq = w.text.indexOf('=');
        cmd.assignments.push({ name: w.text.slice(0, eq).replace(/\+$/, ''), value: { ...w, text: w.text.slice(eq + 1), assignment: false } });
        continue;
      }
      const plain = !w.dynamic && !w.glob && !w.brace;
      if (plain && KEYWORDS.has(w.text)) continue;
      if (plain && (w.text === 'for' || w.text === 'select')) {
        // `for x in a b c` names values, not a command; the body comes after `do`.
        skipHeader = true;
        continue;
      }
      if (plain && (w.text === 'case' || w.text === 'function')) {
        out.opaque.push(`"${w.text}" blocks are not read by kao`);
        return;
      }
    }
    cmd.words.push(w);
  }
  finish();
}

function fresh(stdin: SimpleCommand['stdin']): SimpleCommand {
  return { assignments: [], words: [], redirects: [], stdin };
}

/** How many words `{a,b}{c,d}` and `{1..9}` become (an upper bound that ignores nesting). */
function braceCount(text: string): number {
  let n = 1;
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    const range = /^(-?\d+)\.\.(-?\d+)/.exec(m[1]!);
    n *= range ? Math.abs(Number(range[2]) - Number(range[1])) + 1 : m[1]!.split(',').length;
    if (n > 1e9) break;
  }
  return n;
}
