/** Every API gate rule, in report order. */
import type { ApiRule } from '../rule.ts';
import { rule as inputSchemaMissing } from './api-input-schema-missing.ts';
import { rule as inputWriteBody } from './api-input-write-body.ts';
import { rule as inputString } from './api-input-string-unbounded.ts';
import { rule as inputNumber } from './api-input-number-unbounded.ts';
import { rule as inputArray } from './api-input-array-unbounded.ts';
import { rule as inputObject } from './api-input-object-open.ts';
import { rule as tenantSecurity } from './api-tenant-security-missing.ts';
import { rule as tenantPublicByName } from './api-tenant-public-by-name.ts';
import { rule as tenantOrder } from './api-tenant-path-order.ts';
import { rule as tenantDuplicated } from './api-tenant-id-duplicated.ts';
import { rule as tenantEscape } from './api-tenant-resource-escape.ts';
import { rule as problemMedia } from './api-problem-media-type.ts';
import { rule as problemSchema } from './api-problem-schema.ts';

export const RULES: readonly ApiRule[] = [
  inputSchemaMissing, inputWriteBody, inputString, inputNumber, inputArray, inputObject,
  tenantSecurity, tenantPublicByName, tenantOrder, tenantDuplicated, tenantEscape,
  problemMedia, problemSchema,
];
