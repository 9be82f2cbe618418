/**
 * TypeScript DTOs, read with the TypeScript compiler API (the `typescript5` alias of `typescript@5`,
 * imported on first use only: it is large). Interfaces, type aliases and enums go through the type
 * checker, so `extends`, intersections, `Pick`/`Partial`, imports between files and recursive
 * types are resolved the way the compiler sees them. Zod schemas (`const Order = z.object({...})`)
 * are read from their syntax: the chain of calls says the type (`z.number().int()`), the optionality
 * (`.optional()`, `.default()`, `.nullish()`), the nullability and the enum values.
 * Only relative imports are followed: types from packages are `any`, never a mismatch.
 */
import { resolve as resolvePath } from 'node:path';
import type TS from 'typescript5';
import { annotationIn, codeFiles } from './annotation.ts';
import type { CodeDecl, CodeField, CodeLoc, CodeType } from './model.ts';

type Ts = typeof TS;

let tsPromise: Promise<Ts> | undefined;
/** The module name is a variable so the bundler leaves the import to Node (and the 9 MB out of dist). */
function loadTs(): Promise<Ts> {
  const name = 'typescript5';
  tsPromise ??= import(name).then((m: { default?: Ts }) => (m.default ?? m) as Ts);
  return tsPromise;
}

const CODE_FILE = /\.[mc]?tsx?$/;
const NOT_CODE = /(\.d\.[mc]?ts|\.(test|spec)\.[mc]?tsx?)$/;

interface Conv { type: CodeType; undef: boolean; nul: boolean }

export async function readTypeScript(dir: string): Promise<CodeDecl[]> {
  const files = codeFiles(dir, (n) => CODE_FILE.test(n) && !NOT_CODE.test(n));
  if (files.length === 0) return [];
  const ts = await loadTs();
  const options: TS.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true, jsx: ts.JsxEmit.Preserve,
  };
  const host = ts.createCompilerHost(options, true);
  // Relative imports only: the code base's own types, not its dependencies' (fast and deterministic).
  host.resolveModuleNames = (names, containing) => names.map((n) => (n.startsWith('.') ? ts.resolveModuleName(n, containing, options, host).resolvedModule : undefined));
  const program = ts.createProgram(files, options, host);
  const checker = program.getTypeChecker();
  const inDir = new Set(files.map((f) => resolvePath(f)));

  const locOf = (node: TS.Node): CodeLoc => {
    const sf = node.getSourceFile();
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { file: resolvePath(sf.fileName), line: line + 1, column: character + 1 };
  };
  const annotationOf = (stmt: TS.Node): string | undefined => {
    const text = stmt.getSourceFile().text;
    for (const r of ts.getLeadingCommentRanges(text, stmt.getFullStart()) ?? []) {
      const a = annotationIn(text.slice(r.pos, r.end));
      if (a) return a;
    }
    return undefined;
  };

  // ---- Types through the checker ----
  const objects = new Map<TS.Type, CodeType>();
  const F = ts.TypeFlags;
  /** Where a named union (`type Status = 'a' | 'b'`, an enum) is declared: enum drift is reported there once. */
  const aliasLoc = (t: TS.Type): { loc?: CodeLoc } => {
    const d = (t.aliasSymbol ?? t.getSymbol())?.declarations?.[0];
    return d && (ts.isTypeAliasDeclaration(d) || ts.isEnumDeclaration(d)) ? { loc: locOf(d.name) } : {};
  };
  const conv = (t: TS.Type): Conv => {
    if (t.isUnion()) {
      let undef = false;
      let nul = false;
      const rest: TS.Type[] = [];
      for (const m of t.types) {
        if (m.flags & (F.Undefined | F.Void)) undef = true;
        else if (m.flags & F.Null) nul = true;
        else rest.push(m);
      }
      let type: CodeType = { kind: 'any' };
      if (rest.every((m) => m.flags & F.StringLiteral) && rest.length > 0) {
        type = { kind: 'enum', base: 'string', values: rest.map((m) => (m as TS.StringLiteralType).value), ...aliasLoc(t) };
      } else if (rest.every((m) => m.flags & F.NumberLiteral) && rest.length > 0) {
        type = { kind: 'enum', base: 'number', values: rest.map((m) => (m as TS.NumberLiteralType).value), ...aliasLoc(t) };
      } else if (rest.every((m) => m.flags & (F.BooleanLiteral | F.Boolean)) && rest.length > 0) {
        type = { kind: 'boolean' };
      } else if (rest.length === 1 && rest[0]) {
        type = conv(rest[0]).type;
      }
      return { type, undef, nul };
    }
    return { type: conv1(t), undef: (t.flags & (F.Undefined | F.Void)) !== 0, nul: (t.flags & F.Null) !== 0 };
  };
  const conv1 = (t: TS.Type): CodeType => {
    if (t.flags & (F.String | F.TemplateLiteral | F.StringMapping)) return { kind: 'string' };
    if (t.flags & F.Number) return { kind: 'number' };
    if (t.flags & (F.Boolean | F.BooleanLiteral)) return { kind: 'boolean' };
    if (t.flags & F.BigInt) return { kind: 'integer' };
    if (t.flags & F.StringLiteral) return { kind: 'enum', base: 'string', values: [(t as TS.StringLiteralType).value] };
    if (t.flags & F.NumberLiteral) return { kind: 'enum', base: 'number', values: [(t as TS.NumberLiteralType).value] };
    if (!(t.flags & F.Object) && !t.isIntersection()) return { kind: 'any' };
    const hit = objects.get(t);
    if (hit) return hit;
    if (checker.isArrayType(t)) {
      const arg = checker.getTypeArguments(t as TS.TypeReference)[0];
      return { kind: 'array', items: arg ? conv(arg).type : { kind: 'any' } };
    }
    if (checker.isTupleType(t)) return { kind: 'any' };
    const symName = t.getSymbol()?.getName();
    if (symName === 'Date') return { kind: 'string', format: 'date-time' };
    const props = checker.getPropertiesOfType(t);
    if (props.length === 0) {
      const index = checker.getIndexInfosOfType(t).find((i) => i.keyType.flags & F.String);
      if (index) return { kind: 'map', values: conv(index.type).type };
      return { kind: 'any' }; // `{}`, `object`, functions
    }
    const decl = t.getSymbol()?.declarations?.[0];
    const obj: CodeType = { kind: 'object', fields: [], ...(symName && !symName.startsWith('__') ? { name: symName } : {}), ...(decl ? { loc: locOf(decl) } : {}) };
    objects.set(t, obj);
    for (const p of props) {
      const pd = p.valueDeclaration ?? p.declarations?.[0];
      if (!pd) continue;
      const pt = checker.getTypeOfSymbolAtLocation(p, pd);
      if (pt.getCallSignatures().length > 0 && !(pt.flags & F.Union)) continue; // methods are not data
      const c = conv(pt);
      const question = (p.flags & ts.SymbolFlags.Optional) !== 0;
      const optional = question || c.undef;
      obj.fields.push({
        name: p.getName(),
        type: c.type,
        optional,
        nullable: c.nul,
        ...(optional ? { optionalWhy: question ? '?' : '| undefined' } : {}),
        loc: locOf(ts.getNameOfDeclaration(pd as TS.Declaration) ?? pd),
      });
    }
    return obj;
  };

  // ---- Zod schemas from their syntax ----
  const zodNames = new Set(['z']);
  const zodDecls = new Map<string, TS.Expression>();
  const zodCache = new Map<string, Conv>();
  interface Z extends Conv { why?: string }
  const unwrap = (e: TS.Expression): TS.Expression => {
    let cur = e;
    while (ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isSatisfiesExpression(cur)) cur = cur.expression;
    return cur;
  };
  const rootIdent = (e: TS.Expression): string | undefined => {
    let cur = unwrap(e);
    for (;;) {
      if (ts.isCallExpression(cur)) cur = unwrap(cur.expression);
      else if (ts.isPropertyAccessExpression(cur)) cur = unwrap(cur.expression);
      else break;
    }
    return ts.isIdentifier(cur) ? cur.text : undefined;
  };
  const isZod = (e: TS.Expression) => {
    const r = rootIdent(e);
    return r !== undefined && (zodNames.has(r) || zodDecls.has(r));
  };
  const isNamespace = (e: TS.Expression): boolean => {
    const u = unwrap(e);
    return (ts.isIdentifier(u) && zodNames.has(u.text)) || (ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression) && zodNames.has(u.expression.text)); // z, z.iso, z.coerce
  };
  const plain = (type: CodeType): Z => ({ type, undef: false, nul: false });
  const zodObject = (lit: TS.Expression | undefined): CodeType => {
    const fields: CodeField[] = [];
    const o = lit && unwrap(lit);
    if (o && ts.isObjectLiteralExpression(o)) for (const p of o.properties) {
      if (!p.name || (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p))) continue;
      const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : p.name.getText();
      const z = ts.isPropertyAssignment(p) ? zod(p.initializer) : zod(p.name);
      fields.push({ name, type: z.type, optional: z.undef, nullable: z.nul, ...(z.why ? { optionalWhy: z.why } : {}), loc: locOf(p.name) });
    }
    return { kind: 'object', fields, ...(lit ? { loc: locOf(lit) } : {}) };
  };
  const literals = (arr: TS.Expression | undefined): (string | number | boolean)[] | null => {
    const a = arr && unwrap(arr);
    if (!a || !ts.isArrayLiteralExpression(a)) return null;
    const out: (string | number | boolean)[] = [];
    for (const e of a.elements) {
      if (ts.isStringLiteralLike(e)) out.push(e.text);
      else if (ts.isNumericLiteral(e)) out.push(Number(e.text));
      else return null;
    }
    return out;
  };
  const zodBase = (method: string, args: readonly TS.Expression[]): Z => {
    switch (method) {
      case 'string': case 'email': case 'url': case 'uuid': case 'guid': case 'cuid': case 'cuid2': case 'ulid': case 'nanoid':
      case 'ipv4': case 'ipv6': case 'base64': case 'jwt': case 'e164': case 'datetime': case 'date': case 'time': case 'duration': case 'templateLiteral':
        return plain({ kind: 'string' });
      case 'number': case 'float32': case 'float64': return plain({ kind: 'number' });
      case 'int': case 'int32': case 'uint32': case 'int64': case 'uint64': case 'bigint': case 'safeint': return plain({ kind: 'integer' });
      case 'boolean': return plain({ kind: 'boolean' });
      case 'literal': {
        const a = args[0] && unwrap(args[0]);
        if (a && ts.isStringLiteralLike(a)) return plain({ kind: 'enum', base: 'string', values: [a.text] });
        if (a && ts.isNumericLiteral(a)) return plain({ kind: 'enum', base: 'number', values: [Number(a.text)] });
        return plain({ kind: 'any' });
      }
      case 'enum': {
        const values = literals(args[0]);
        return plain(values ? { kind: 'enum', base: 'string', values, ...(args[0] ? { loc: locOf(args[0]) } : {}) } : { kind: 'any' });
      }
      case 'array': return plain({ kind: 'array', items: args[0] ? zod(args[0]).type : { kind: 'any' } });
      case 'object': case 'strictObject': case 'looseObject': return plain(zodObject(args[0]));
      case 'record': { const v = args[args.length - 1]; return plain({ kind: 'map', values: v ? zod(v).type : { kind: 'any' } }); }
      case 'union': {
        const a = args[0] && unwrap(args[0]);
        if (a && ts.isArrayLiteralExpression(a)) {
          const members = a.elements.map((e) => zod(e));
          const vals = members.map((m) => m.type);
          if (vals.every((v) => v.kind === 'enum')) return plain({ kind: 'enum', base: vals[0]?.kind === 'enum' ? vals[0].base : 'string', values: vals.flatMap((v) => (v.kind === 'enum' ? v.values : [])) });
        }
        return plain({ kind: 'any' });
      }
      case 'optional': { const z = args[0] ? zod(args[0]) : plain({ kind: 'any' }); return { ...z, undef: true, why: 'z.optional()' }; }
      case 'nullable': { const z = args[0] ? zod(args[0]) : plain({ kind: 'any' }); return { ...z, nul: true }; }
      case 'lazy': {
        const f = args[0] && unwrap(args[0]);
        if (f && ts.isArrowFunction(f) && !ts.isBlock(f.body)) return zod(f.body);
        return plain({ kind: 'any' });
      }
      default: return plain({ kind: 'any' });
    }
  };
  const zod = (e0: TS.Expression): Z => {
    const e = unwrap(e0);
    if (ts.isIdentifier(e)) {
      if (!zodDecls.has(e.text)) return plain({ kind: 'any' });
      const name = e.text;
      return plain({ kind: 'ref', name, resolve: () => zodDecl(name).type });
    }
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'shape') return plain({ kind: 'any' });
    if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return plain({ kind: 'any' });
    const method = e.expression.name.text;
    const recv = e.expression.expression;
    if (isNamespace(recv)) return zodBase(method, e.arguments);
    const inner = zod(recv);
    switch (method) {
      case 'optional': return { ...inner, undef: true, why: '.optional()' };
      case 'nullable': return { ...inner, nul: true };
      case 'nullish': return { ...inner, undef: true, nul: true, why: '.nullish()' };
      case 'default': case 'prefault': case 'catch': return { ...inner, undef: true, why: `.${method}()` };
      case 'int': case 'safe': return { ...inner, type: { kind: 'integer' } };
      case 'array': return plain({ kind: 'array', items: inner.type });
      case 'extend': case 'merge': case 'partial': case 'required': case 'pick': case 'omit': {
        const base = resolveZod(inner.type);
        if (base.kind !== 'object') return plain({ kind: 'any' });
        let fields = [...base.fields];
        if (method === 'extend' || method === 'merge') {
          const more = method === 'extend' ? zodObject(e.arguments[0]) : e.arguments[0] ? resolveZod(zod(e.arguments[0]).type) : { kind: 'any' as const };
          if (more.kind !== 'object') return plain({ kind: 'any' });
          const names = new Set(more.fields.map((f) => f.name));
          fields = [...fields.filter((f) => !names.has(f.name)), ...more.fields];
        } else if (method === 'partial') {
          fields = fields.map((f) => ({ ...f, optional: true, optionalWhy: '.partial()' }));
        } else if (method === 'required') {
          fields = fields.map((f) => ({ ...f, optional: false }));
        } else {
          const keysArg = e.arguments[0] && unwrap(e.arguments[0]);
          const keys = new Set(keysArg && ts.isObjectLiteralExpression(keysArg) ? keysArg.properties.map((p) => p.name?.getText().replace(/^['"]|['"]$/g, '') ?? '') : []);
          fields = fields.filter((f) => keys.has(f.name) === (method === 'pick'));
        }
        return plain({ kind: 'object', fields, loc: locOf(e) });
      }
      default: return inner; // refinements, checks, descriptions, transforms, brands
    }
  };
  const resolveZod = (t: CodeType): CodeType => {
    let cur: CodeType | undefined = t;
    for (let i = 0; cur?.kind === 'ref' && i < 32; i++) cur = cur.resolve();
    return cur ?? { kind: 'any' };
  };
  const zodDecl = (name: string): Conv => {
    const hit = zodCache.get(name);
    if (hit) return hit;
    const placeholder: Conv = { type: { kind: 'any' }, undef: false, nul: false };
    zodCache.set(name, placeholder); // a cycle without z.lazy reads as `any`
    const expr = zodDecls.get(name);
    const z = expr ? zod(expr) : placeholder;
    zodCache.set(name, z);
    return z;
  };

  // ---- Declarations ----
  const decls: CodeDecl[] = [];
  const sources = program.getSourceFiles().filter((sf) => inDir.has(resolvePath(sf.fileName)));
  for (const sf of sources) {
    for (const stmt of sf.statements) {
      if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && /^zod(\/|$)/.test(stmt.moduleSpecifier.text)) {
        const c = stmt.importClause;
        if (c?.name) zodNames.add(c.name.text);
        const nb = c?.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) zodNames.add(nb.name.text);
        if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) if ((el.propertyName ?? el.name).text === 'z') zodNames.add(el.name.text);
      }
    }
  }
  const pending: { name: string; stmt: TS.Node; nameNode: TS.Node; zodExpr?: TS.Expression; type?: TS.Type; flavour: string }[] = [];
  for (const sf of sources) {
    for (const stmt of sf.statements) {
      if (ts.isInterfaceDeclaration(stmt) && !stmt.typeParameters) {
        pending.push({ name: stmt.name.text, stmt, nameNode: stmt.name, type: checker.getTypeAtLocation(stmt.name), flavour: 'interface' });
      } else if (ts.isTypeAliasDeclaration(stmt) && !stmt.typeParameters) {
        const t = stmt.type;
        // `type Order = z.infer<typeof Order>`: the zod schema of the same name stands for it.
        if (ts.isTypeReferenceNode(t) && /^(\w+\.)?(infer|input|output|TypeOf)$/.test(t.typeName.getText(sf))) continue;
        pending.push({ name: stmt.name.text, stmt, nameNode: stmt.name, type: checker.getTypeAtLocation(stmt.name), flavour: 'type' });
      } else if (ts.isEnumDeclaration(stmt)) {
        pending.push({ name: stmt.name.text, stmt, nameNode: stmt.name, type: checker.getTypeAtLocation(stmt.name), flavour: 'enum' });
      } else if (ts.isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer || !isZod(d.initializer)) continue;
          zodDecls.set(d.name.text, d.initializer);
          pending.push({ name: d.name.text, stmt, nameNode: d.name, zodExpr: d.initializer, flavour: 'zod' });
        }
      }
    }
  }
  for (const p of pending) {
    const type = p.zodExpr ? resolveZod(zodDecl(p.name).type) : conv(p.type!).type;
    if (type.kind !== 'object' && type.kind !== 'enum') continue;
    if (type.kind === 'enum' && !type.loc) type.loc = locOf(p.nameNode);
    if (type.kind === 'object' && p.zodExpr) type.name = p.name;
    const annotation = annotationOf(p.stmt);
    decls.push({ name: p.name, language: 'typescript', flavour: p.flavour, ...(annotation ? { annotation } : {}), loc: locOf(p.nameNode), type });
  }
  return decls;
}

/** For tests and diagnostics: the compiler version the reader runs. */
export async function typescriptVersion(): Promise<string> {
  return (await loadTs()).version;
}
