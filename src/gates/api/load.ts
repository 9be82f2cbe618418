/**
 * Loading a spec: `@apidevtools/json-schema-ref-parser` reads the root file and every file it reaches
 * by relative `$ref` (no network), with our own parsers so each file keeps its text and positions.
 * `$ref`s are then resolved lazily, by identity, when a check follows them: a circular reference is
 * only ever one hop, so nothing is copied and nothing blows up. Swagger 2.0 is mapped to the 3.x
 * shape (swagger2.ts) with each new node remembering where it came from.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve as resolvePath, sep } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../../errors.ts';
import { lineStarts, locateJson, locateYaml, offsetToPos, pointerTokens, type Pos } from './positions.ts';
import { convertSwagger2 } from './swagger2.ts';

/** Where a node sits: absolute file path and JSON pointer. */
export interface Origin { file: string; pointer: string }

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ParsedFile { value: Json; text: string; yaml?: { doc: Document; counter: LineCounter } }

/** The largest spec file read (the GitHub description is 13 MB). */
export const MAX_SPEC_BYTES = 64 * 1024 * 1024;

const OUTSIDE = 'kao-ref-outside-repository';

export class SpecInputError extends UsageError {
  constructor(file: string, pos: Pos | null, reason: string, hint?: string) {
    super('gate-api-input', `${file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${reason}`, hint);
  }
}

export interface LoadedSpec {
  /** Absolute path of the root file. */
  file: string;
  version: string;
  /** The document in the 3.x shape (Swagger 2.0 converted). */
  doc: Obj;
  /** Origins of nodes made by the 2.0 conversion (3.x documents: empty). */
  origins: WeakMap<object, Origin>;
  /** Follows `$ref`s from `node` (found at `origin`) to the node they name, with its origin. */
  deref(node: Json | undefined, origin: Origin): { node: Json | undefined; origin: Origin };
  /** Line/column for many origins at once (one scan per JSON file). */
  locate(origins: readonly Origin[]): Map<string, Pos>;
}

function parseFile(path: string, text: string): ParsedFile {
  // Read by content: JSON is YAML, and a `.json` file that holds YAML (Tandoor's generated
  // openapi.json) is still a description.
  if (/^\s*[{[]/.test(text)) {
    try {
      return { value: JSON.parse(text) as Json, text };
    } catch (e) {
      // V8's messages do not always carry a position; the YAML parser (JSON is YAML) does.
      const counter = new LineCounter();
      const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
      const err = doc.errors[0];
      const at = err ? counter.linePos(err.pos[0]) : null;
      throw new SpecInputError(path, at ? { line: at.line, column: at.col } : null, `invalid JSON: ${err ? err.message.split('\n')[0] : (e as Error).message}`, 'Fix the syntax at that position.');
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    const at = counter.linePos(err.pos[0]);
    throw new SpecInputError(path, { line: at.line, column: at.col }, `invalid ${/\.json$/i.test(path) ? 'JSON (nor YAML)' : 'YAML'}: ${err.message.split('\n')[0]}`, 'Fix the syntax at that position.');
  }
  return { value: doc.toJS({ maxAliasCount: 1000 }) as Json, text, yaml: { doc, counter } };
}

function readSpecText(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new SpecInputError(path, null, 'no such file', 'Pass an existing OpenAPI file with --spec.');
  }
  if (size > MAX_SPEC_BYTES) throw new SpecInputError(path, null, `the file is ${Math.round(size / 1e6)} MB, over the ${MAX_SPEC_BYTES / 1024 / 1024} MB limit`, 'Split the description into files joined by $ref.');
  return readFileSync(path, 'utf8');
}

export interface LoadOptions {
  /** Files a `$ref` may reach must be inside this folder (the repository): a description never pulls in files from elsewhere. */
  within?: string;
  /** What `within` is, for messages: "the repository" (default) or "the spec's folder". */
  withinName?: string;
}

export async function loadSpec(file: string, opts: LoadOptions = {}): Promise<LoadedSpec> {
  const root = resolvePath(file);
  const within = opts.within ? resolvePath(opts.within) : undefined;
  const outside = (f: string) => within !== undefined && f !== within && !f.startsWith(within.endsWith(sep) ? within : within + sep);
  const boundName = opts.withinName ?? 'the repository';
  const files = new Map<string, ParsedFile>();
  const rootParsed = parseFile(root, readSpecText(root));
  const top = rootParsed.value;
  if (!isObj(top) || (typeof top.openapi !== 'string' && top.swagger !== '2.0')) {
    throw new SpecInputError(root, { line: 1, column: 1 }, 'not an OpenAPI document (no top-level `openapi: 3.x` or `swagger: "2.0"`)', 'Point --spec at the root file of an OpenAPI 3.x or Swagger 2.0 description.');
  }
  files.set(root, rootParsed);
  // A single-file spec (every `$ref` local) needs no crawl: the resolver costs ~0.5 s on 13 MB.
  if (!onlyLocalRefs(rootParsed.text)) await crawl(root, rootParsed, files, outside, boundName);

  const getFile = (path: string, from: Origin): ParsedFile => {
    const f = files.get(path);
    if (!f) throw new SpecInputError(from.file, locate1(from), `$ref to ${path}, which was not loaded`, 'Check the $ref.');
    return f;
  };
  const at = (path: string, pointer: string, from: Origin): Json | undefined => {
    let node: Json | undefined = getFile(path, from).value;
    for (const tok of pointerTokens(pointer)) {
      if (Array.isArray(node)) node = node[Number(tok)];
      else if (isObj(node)) node = Object.hasOwn(node, tok) ? node[tok] : undefined;
      else node = undefined;
      if (node === undefined) break;
    }
    return node;
  };
  const locateMany = (origins: readonly Origin[]): Map<string, Pos> => {
    const out = new Map<string, Pos>();
    const byFile = new Map<string, string[]>();
    for (const o of origins) {
      const list = byFile.get(o.file) ?? [];
      list.push(o.pointer);
      byFile.set(o.file, list);
    }
    for (const [path, pointers] of byFile) {
      const f = files.get(path);
      if (!f) continue;
      if (f.yaml) {
        for (const p of pointers) out.set(`${path}#${p}`, locateYaml(f.yaml.doc, f.yaml.counter, p));
        continue;
      }
      const starts = lineStarts(f.text);
      const offsets = locateJson(f.text, pointers);
      for (const p of pointers) {
        // Not found exactly (should not happen): the nearest ancestor that was.
        let q = p;
        let off = offsets.get(q);
        while (off === undefined && q !== '') {
          q = q.slice(0, q.lastIndexOf('/'));
          off = offsets.get(q) ?? (q === '' ? 0 : undefined);
          if (off === undefined && !offsets.has(q)) {
            const again = locateJson(f.text, [q]).get(q);
            if (again !== undefined) off = again;
          }
        }
        out.set(`${path}#${p}`, offsetToPos(starts, off ?? 0));
      }
    }
    return out;
  };
  const locate1 = (o: Origin): Pos | null => locateMany([o]).get(`${o.file}#${o.pointer}`) ?? null;

  const deref = (node: Json | undefined, origin: Origin): { node: Json | undefined; origin: Origin } => {
    let cur = node;
    let where = origin;
    for (let hops = 0; isObj(cur) && typeof cur.$ref === 'string'; hops++) {
      if (hops > 64) throw new SpecInputError(where.file, locate1(where), '$ref chain with no end (a cycle of references to references)', 'Point one of the $refs at a real object.');
      const ref = cur.$ref;
      const hash = ref.indexOf('#');
      const filePart = hash === -1 ? ref : ref.slice(0, hash);
      const pointer = hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filePart)) {
        throw new SpecInputError(where.file, locate1(where), `$ref to a URL (${ref}); only relative files are followed`, 'Vendor the referenced description next to the spec and use a relative $ref.');
      }
      const target = filePart === '' ? where.file : resolvePath(dirname(where.file), decodeURIComponent(filePart));
      // A pointer into the same file never leaves it; only references to other files are bounded.
      if (filePart !== '' && outside(target)) throw new SpecInputError(where.file, locate1(where), `$ref "${ref}" leaves ${boundName} (${target})`, `Keep every file of the description inside ${boundName} and $ref it relatively.`);
      const next = at(target, pointer, where);
      if (next === undefined) throw new SpecInputError(where.file, locate1(where), `$ref "${ref}" names nothing`, 'Fix the pointer or the file name in the $ref.');
      where = { file: target, pointer };
      cur = next;
    }
    return { node: cur, origin: where };
  };

  const version = typeof top.openapi === 'string' ? top.openapi : '2.0';
  const origins = new WeakMap<object, Origin>();
  const doc = version === '2.0' ? convertSwagger2(top, root, origins, deref) : top;
  return { file: root, version, doc, origins, deref, locate: locateMany };
}

/** Every `$ref` in the text names a pointer in the same file (`"#…"`); conservative: unsure → false. */
export function onlyLocalRefs(text: string): boolean {
  let all = 0;
  for (let i = text.indexOf('$ref'); i !== -1; i = text.indexOf('$ref', i + 4)) all++;
  if (all === 0) return true;
  return (text.match(/["']?\$ref["']?[ \t]*:[ \t]*["']?#/g) ?? []).length === all;
}

/** Reads, with `@apidevtools/json-schema-ref-parser`, every file the root reaches by relative `$ref`. */
async function crawl(root: string, rootParsed: ParsedFile, files: Map<string, ParsedFile>, outside: (f: string) => boolean, boundName: string): Promise<void> {
  const { default: $RefParser } = await import('@apidevtools/json-schema-ref-parser');
  const parser = new $RefParser();
  try {
    await parser.resolve(root, {
      resolve: {
        http: false,
        file: {
          order: 1,
          canRead: true,
          read: (f: { url: string }) => {
            // ref-parser keeps only an error's message and `code`: the code marks this refusal.
            if (outside(f.url)) throw Object.assign(new Error(`a $ref leaves ${boundName} (${f.url})`), { code: OUTSIDE });
            return f.url === root ? rootParsed.text : readSpecText(f.url);
          },
        },
      },
      parse: {
        json: false, yaml: false, text: false, binary: false,
        kao: {
          order: 1,
          canParse: true,
          parse: (f: { url: string; data: string | Buffer }) => {
            const known = files.get(f.url);
            if (known) return known.value;
            const parsed = parseFile(f.url, typeof f.data === 'string' ? f.data : f.data.toString('utf8'));
            files.set(f.url, parsed);
            return parsed.value;
          },
        },
      },
      continueOnError: false,
    } as never);
  } catch (e) {
    if (e instanceof SpecInputError) throw e;
    const inner = (e as { errors?: unknown[] }).errors?.[0] ?? e;
    if (inner instanceof SpecInputError) throw inner;
    if ((inner as { ioErrorCode?: string }).ioErrorCode === OUTSIDE) {
      throw new SpecInputError(root, null, (inner as Error).message.replace(/^.*?(a \$ref leaves)/, '$1'), `Keep every file of the description inside ${boundName} and $ref it relatively.`);
    }
    throw new SpecInputError(root, null, `cannot resolve a $ref: ${(inner as Error).message}`, 'Check that every $ref names an existing file and pointer.');
  }
}
