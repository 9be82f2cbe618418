/** The library surface: compile and lint a playbook from code. */
export { compileBytes, compileText, type Compiled } from './artifacts/compile.ts';
export { discoverArtifacts } from './artifacts/discover.ts';
export type * from './artifacts/spec.ts';
export { parseTool, type ToolRef, type CanonicalTool } from './artifacts/tools.ts';
export type { Diagnostic, Severity } from './diagnostics.ts';
export { lintPlaybook, type LintResult } from './lint/lint.ts';
export { loadPlaybook, type Playbook } from './playbook/load.ts';
export { parseOperatingModel, type OperatingModel } from './playbook/operating-model.ts';
export { compileFolder } from './playbook/compile-folder.ts';
export type { FolderPlaybook } from './playbook/load.ts';
export { builtinPlaybookDir } from './playbook/builtin.ts';
export { renderSnapshot, snapshotPath } from './playbook/builtin-snapshot.ts';
export { parseAction, type Action } from './policy/action.ts';
export { policyContext } from './policy/context.ts';
export { actionHash, createPolicy, type Decision, type Policy, type PolicyContext } from './policy/decide.ts';
export { realpathDeepest } from './policy/realpath.ts';
