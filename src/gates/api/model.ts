/**
 * The API Contract Gate's data: findings, the gate's result contract (schemas/gate-api.schema.json)
 * and the configuration, whose defaults are a plain data map that needs no config file.
 */
import type { Severity } from '../../diagnostics.ts';

export type GateCheck = 'inputs' | 'tenant' | 'problem' | 'dto';

export interface ApiFinding {
  rule: string;
  check: GateCheck;
  severity: Severity;
  /** Spec file, relative to the gate's folder where possible. */
  file: string;
  line: number;
  column: number;
  /** JSON pointer of the node inside `file`. */
  pointer: string;
  /** Operations affected, as `METHOD /path`, sorted. */
  operations: string[];
  message: string;
  fix: string;
  /** The other places with the same cause (one cause, one finding); `file`/`line` is the first. */
  also?: { file: string; line: number; column: number; pointer: string }[];
  /** DTO alignment: where in the spec the schema the code type serves is (`file`:`line` is the code). */
  spec?: { file: string; line: number; column: number; pointer: string };
}

export interface SpecSummary {
  file: string;
  /** The declared version: `2.0`, `3.0.3`, `3.1.0`, … (2.0 is checked in the 3.x shape). */
  version: string;
  operations: number;
}

export interface GateApiResult {
  version: 1;
  specs: SpecSummary[];
  /** Code folders DTO alignment compared with the schemas; absent when it did not run. */
  code?: string[];
  /** Why DTO alignment did not run, when it did not. */
  codeSkipped?: string;
  /** Specs found that are the same description as a checked one (swag's JSON and YAML), checked once. */
  sameAs?: { file: string; checked: string }[];
  findings: ApiFinding[];
  summary: { specs: number; operations: number; findings: number; error: number; warning: number; info: number; byCheck: Record<GateCheck, number>; /** Findings left out by the config's exemptions. */ exempted?: number };
}

export interface TenantLevel {
  /** The level's name, e.g. `workspace`. */
  name: string;
  /** The path parameter that carries its id, e.g. `workspaceId`. */
  pathParameter: string;
}

export interface ApiGateConfig {
  tenant: {
    /** Outermost first: a business lives in a workspace. */
    levels: TenantLevel[];
    /** Paths (exact, or a prefix ending in `*`) that need no security and no tenant. */
    publicPaths: string[];
  };
  /** Per-rule severity, or `off`. Rules not named keep their default. */
  rules: Record<string, Severity | 'off'>;
}

/** The seed's tenant model: workspace above business. */
export const DEFAULT_CONFIG: ApiGateConfig = {
  tenant: {
    levels: [
      { name: 'workspace', pathParameter: 'workspaceId' },
      { name: 'business', pathParameter: 'businessId' },
    ],
    publicPaths: [],
  },
  rules: {},
};

export const GATE_API_VERSION = 1 as const;
