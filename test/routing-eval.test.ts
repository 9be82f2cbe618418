// Routing evaluation set: varied task briefs, each with the routing a careful Orchestrator gives it
// by DESIGN.md §3 and docs/routing.md, checked against the deterministic router. Every expectation
// was written by hand from those rules (and the operating model's words), not copied from the
// router's output. Where the router disagrees, the expectation is kept when DESIGN.md says so; the
// mismatches are all reported at once in one assertion, one line per field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { parseBrief } from '../src/router/brief.ts';
import { createRouter } from '../src/router/route.ts';
import { type Lane, type Risk, type Scope, TASK_TYPES, type TaskPacket, type TaskType } from '../src/router/task-packet.ts';

const pb = await loadPlaybook(builtinPlaybookDir());
const router = createRouter({ model: pb.model, roles: new Map([...pb.roles].map(([k, v]) => [k, v.spec])) });

// Role ids (supporting lists are written in the model's role order, as docs/routing.md step 6 says).
const ORCH = 'orchestrator';
const BL = 'backend-lead';
const WL = 'web-lead';
const DL = 'design-ux-lead';
const AL = 'data-analytics-lead';
const OL = 'devops-platform-lead';
const CL = 'content-marketing-lead';
const IL = 'i18n-localization-lead';
const BI = 'backend-implementer';
const WI = 'web-implementer';
const SI = 'shared-platform-implementer';
const QA = 'qa-test-specialist';
const SEC = 'security-privacy-reviewer';

// Lane plans of the operating model's task types.
const FULL: Lane[] = ['planning', 'implementation', 'review', 'validation'];
const CLEAR: Lane[] = ['implementation', 'review', 'validation'];
const BUG_UNCLEAR: Lane[] = ['discovery', 'planning', 'implementation', 'review', 'validation'];
const DEFERRED: Lane[] = ['discovery', 'deferred'];
const DESIGN: Lane[] = ['discovery', 'planning', 'implementation', 'review', 'validation'];
const NEW_PROJECT: Lane[] = DESIGN;
const I18N: Lane[] = ['planning', 'implementation', 'review'];
const CONTENT: Lane[] = ['discovery', 'implementation', 'review'];
const CHORE: Lane[] = ['implementation', 'review'];
const DISCOVERY: Lane[] = ['discovery'];
const PLANNING: Lane[] = ['discovery', 'planning'];

/** The feature type's conditional gates. */
const FEATURE_IFS = ['schema:if', 'dependencies:if'];
const REFACTOR_IFS = ['behavior-refactor:if', 'breaking-contract:if'];

type PhasePlan = 'none' | 'cross-stack-feature' | 'refactor' | 'redesign' | 'default';

interface Expected {
  type: TaskType;
  scope: Scope;
  risk: Risk;
  primary: string;
  /** PO gates as `decision:when`, compared as a set. */
  gates: string[];
  /** Exact, in the model's role order. */
  supporting?: string[];
  lanes?: Lane[];
  mode?: TaskPacket['mode'];
  /** Delegation-by-inference triggers that should fire (ids of the model's `triggers`), as a set. */
  triggers?: string[];
  /** The phase template used, or `none`. */
  phases?: PhasePlan;
  apps?: string[];
}

interface Case {
  id: string;
  brief: string;
  expect: Expected;
  /** Why the expectation is what it is, where it is not obvious. */
  note?: string;
}

const cases: Case[] = [];
const c = (id: string, brief: string, expect: Expected, note?: string) => cases.push({ id, brief, expect, ...(note ? { note } : {}) });

// ---------------------------------------------------------------------------------------------
// The six worked examples of DESIGN.md §3, with their full packets.
// ---------------------------------------------------------------------------------------------
c('worked-1-low-stock-widget', 'Add a low-stock widget to the dashboard and a backend endpoint for it', {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature',
  mode: 'clarify-first', triggers: ['contract'], apps: ['backend', 'web'],
});
c('worked-2-revamp-orders-list', 'Revamp the orders list page to be cleaner and mobile-friendly', {
  type: 'design', scope: 'single-app', risk: 'high', primary: DL,
  supporting: [WL, IL, WI, QA], lanes: DESIGN, gates: ['major-ux:now'], phases: 'redesign',
  mode: 'clarify-first', triggers: ['redesign'], apps: ['web'],
});
c('worked-3-refactor-search', 'Refactor customer search/filter across backend and portal; it is getting messy', {
  type: 'refactor', scope: 'cross-stack', risk: 'high', primary: ORCH,
  supporting: [BL, WL, SI, QA], lanes: FULL, gates: REFACTOR_IFS, phases: 'refactor',
  mode: 'clarify-first', triggers: [], apps: ['backend', 'web'],
});
c('worked-4-dashboard-figures', 'The dashboard figures look off now and then; no rush.', {
  type: 'bug', scope: 'unknown', risk: 'medium', primary: ORCH,
  supporting: [AL, QA], lanes: DEFERRED, gates: [], phases: 'none',
  mode: 'clarify-first', triggers: ['analytics'], apps: [],
});
c('worked-5-arabic-onboarding', 'Rewrite the Arabic translations of the onboarding screens to sound more natural', {
  type: 'i18n', scope: 'single-app', risk: 'medium', primary: IL,
  supporting: [WL], lanes: I18N, gates: ['scope:if'], phases: 'none',
  mode: 'clarify-first', triggers: ['copy'], apps: ['web'],
});
c('worked-6-landing-page', 'Write a short landing-page section explaining the cash-in-hand benefit', {
  type: 'content', scope: 'monorepo-wide', risk: 'low', primary: CL,
  supporting: [], lanes: CONTENT, gates: ['legal-claims:if'], phases: 'none',
  mode: 'assumption-first', triggers: [],
});

// ---------------------------------------------------------------------------------------------
// Features: backend, portal, cross-stack, unknown area, modifiers.
// ---------------------------------------------------------------------------------------------
c('feature-web-clear', 'Add a CSV export button to the products page', {
  type: 'feature', scope: 'single-app', risk: 'low', primary: WL,
  supporting: [WI, QA], lanes: CLEAR, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [], apps: ['web'],
});
c('feature-backend-endpoint', 'Add an endpoint that lists low-stock products', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: BL,
  supporting: [WL, BI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: ['contract'], apps: ['backend'],
}, 'an added endpoint is a contract touch: the Web Lead joins even when only backend words appear');
c('feature-cross-filter', 'Let users filter orders by status on the portal, with a new query parameter on the orders API', {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature', mode: 'clarify-first', triggers: ['contract'],
});
c('feature-response-shape', 'Add a nextCursor field to the products API response shape used by the portal', {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature', mode: 'clarify-first', triggers: ['contract'],
});
c('feature-labelled-cross-stack', [
  'Title: Show each customer\'s order count',
  'Type: feature',
  'Scope: cross-stack',
  'Goal: The customers list page shows how many orders each customer placed, served by the customers endpoint.',
  'Acceptance criteria:',
  '- the customers endpoint returns orderCount for each customer',
  '- the customers list page shows the count next to each name',
].join('\n'), {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature',
  mode: 'assumption-first', triggers: ['contract'], apps: ['backend', 'web'],
}, 'medium risk with acceptance criteria proceeds assumption-first');
c('feature-full-stack-modifier', 'Add a full-stack notification preferences feature', {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature', mode: 'clarify-first', triggers: [],
}, 'DESIGN: a cross-stack feature is the Orchestrator with both Leads and both Implementers, however the brief says "cross-stack"');
c('feature-no-rush-stays-clear', 'Add a keyboard shortcut for search to the navbar when there is time', {
  type: 'feature', scope: 'single-app', risk: 'low', primary: WL,
  supporting: [WI, QA], lanes: CLEAR, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [],
}, 'no-rush alone does not defer: the deferred plan needs an unclear brief too, and only bugs have one');
c('feature-unclear-ask', 'Not sure, but maybe allow exporting orders somehow', {
  type: 'feature', scope: 'unknown', risk: 'low', primary: ORCH,
  supporting: [QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: [],
}, 'DESIGN: "Ambiguous or medium/high risk: clarify-first"; stop-and-ask when criteria are missing and behaviour is ambiguous');
c('feature-everywhere', 'Add structured request logging everywhere', {
  type: 'feature', scope: 'monorepo-wide', risk: 'medium', primary: ORCH,
  supporting: [QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: [],
}, 'DESIGN: low risk is "a local change"; a change to every app is not local');
c('feature-unknown-area', 'Display the business logo on printed receipts', {
  type: 'feature', scope: 'unknown', risk: 'low', primary: ORCH,
  supporting: [QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [],
});
c('feature-labelled-non-goals-ignored', [
  'Title: Add a notes field to the order details page',
  'Type: feature',
  'Goal: Staff can keep a free-text note on each order, visible on the order details page.',
  'Non-goals:',
  '- no changes to payments or invoices',
  '- no new dependency',
  'Acceptance criteria:',
  '- the note is saved and shown again after reload',
].join('\n'), {
  type: 'feature', scope: 'single-app', risk: 'low', primary: WL,
  supporting: [WI, QA], lanes: CLEAR, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [],
}, 'non-goals name payments and a dependency: they are what the work must not do, so they raise nothing');

// ---------------------------------------------------------------------------------------------
// Auth, sessions, RBAC, permissions, invitations.
// ---------------------------------------------------------------------------------------------
c('auth-invite', 'Let workspace owners invite teammates from the settings page', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [BL, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-invited-inflection', 'Show invited members who have not accepted yet on the team page', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [BL, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-rbac', 'Add a read-only role to RBAC so accountants can view orders but not edit them', {
  type: 'feature', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-permissions-inflection', 'Hide the delete button from users without the manage-orders permissions', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [BL, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-session-cross-stack', 'Expire sessions after 30 minutes of inactivity in the backend and log the user out on the portal', {
  type: 'feature', scope: 'cross-stack', risk: 'high', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'cross-stack-feature', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-2fa', 'Add 2FA with authenticator apps to the login page', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [BL, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-logged-out-bug', 'Users are unexpectedly logged out when they switch workspaces', {
  type: 'bug', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, QA, SEC], lanes: BUG_UNCLEAR, gates: ['auth:now'], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
}, 'being logged out unexpectedly is a session bug');
c('auth-password-bug', 'Password reset emails are not working', {
  type: 'bug', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, QA, SEC], lanes: BUG_UNCLEAR, gates: ['auth:now'], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
}, 'a bug of unknown area is the Orchestrator in Discovery');
c('auth-sessions-intermittent', 'Portal sessions sometimes fail and users get logged out', {
  type: 'bug', scope: 'single-app', risk: 'high', primary: ORCH,
  supporting: [BL, WI, QA, SEC], lanes: BUG_UNCLEAR, gates: ['auth:now'], phases: 'default', mode: 'clarify-first', triggers: ['auth'],
});
c('auth-yaml-role-audit', [
  'title: Add an audit log of role changes',
  'type: feature',
  'scope: cross-stack',
  'goal: Owners can see who changed which member\'s role, stored by the backend and listed on a portal page.',
  'acceptanceCriteria:',
  '  - every role change is recorded with actor, target and time',
  '  - the audit page lists the last 100 changes',
  'riskHints:',
  '  - auth',
].join('\n'), {
  type: 'feature', scope: 'cross-stack', risk: 'high', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA, SEC], lanes: FULL, gates: ['auth:now', ...FEATURE_IFS], phases: 'cross-stack-feature',
  mode: 'assumption-first', triggers: ['auth'], apps: ['backend', 'web'],
});

// ---------------------------------------------------------------------------------------------
// Payments, billing, Stripe, refunds, invoices, webhooks, payouts.
// ---------------------------------------------------------------------------------------------
const PAY_WEB = { risk: 'high', primary: WL, supporting: [BL, WI, QA, SEC], lanes: FULL, gates: ['payments:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first' } as const;
const PAY_BACKEND = { risk: 'high', primary: BL, supporting: [BI, QA, SEC], lanes: FULL, gates: ['payments:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first' } as const;
c('payments-invoice-pdf', 'Let users download a PDF invoice from the orders page', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments'],
});
c('payments-refunds-inflection', 'Support partial refunds for card payments in the backend', {
  type: 'feature', scope: 'single-app', ...PAY_BACKEND, supporting: [...PAY_BACKEND.supporting], lanes: FULL, gates: [...PAY_BACKEND.gates], triggers: ['payments'],
});
c('payments-webhook', 'Handle Stripe webhook retries idempotently in the webhook handler', {
  type: 'feature', scope: 'single-app', ...PAY_BACKEND, supporting: [...PAY_BACKEND.supporting], lanes: FULL, gates: [...PAY_BACKEND.gates], triggers: ['payments', 'webhooks'],
}, 'DESIGN §3 lists webhooks as a trigger of their own (Backend Lead + Security/Privacy Reviewer); a Stripe one is payments too');
c('payments-failed-webhooks-are-a-feature', 'Add automatic retries for failed Stripe webhook deliveries in the backend', {
  type: 'feature', scope: 'single-app', ...PAY_BACKEND, supporting: [...PAY_BACKEND.supporting], lanes: FULL, gates: [...PAY_BACKEND.gates], triggers: ['payments', 'webhooks'],
}, 'tricky: "failed" describes the webhooks, not a defect; the task adds retries');
c('payments-payout', 'Show the next payout date on the finance page', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments'],
});
c('payments-bug-invoice-total', 'The invoice page shows the wrong total', {
  type: 'bug', scope: 'single-app', risk: 'high', primary: WI,
  supporting: [BL, WL, QA, SEC], lanes: CLEAR, gates: ['payments:now'], phases: 'default', mode: 'clarify-first', triggers: ['payments'],
}, 'payments with UI: the Web Lead joins (involveIfUi); a clear portal bug is the Web Implementer\'s');
c('payments-bug-checkout-random', 'Checkout randomly fails for some customers', {
  type: 'bug', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, QA, SEC], lanes: BUG_UNCLEAR, gates: ['payments:now'], phases: 'default', mode: 'clarify-first', triggers: ['payments'],
});
c('payments-subscription-plan-is-not-planning', 'Let users switch their subscription plan from the billing page', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments'],
}, 'tricky: a subscription "plan" is a product, not planning work');
c('payments-upgrade-tier-is-not-a-dependency', 'Let customers upgrade to the yearly tier from the billing page', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments'],
}, 'tricky: upgrading a subscription tier adds no third-party package');
c('payments-tax-totals-are-not-legal-claims', 'Show tax totals on the invoice page', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments'],
}, 'tricky: the legal-claims trigger is about legal/tax promises in public copy, not tax amounts on an invoice');
c('payments-striped-rows-are-not-stripe', 'Show striped rows in the orders table on the portal for readability', {
  type: 'feature', scope: 'single-app', risk: 'low', primary: WL,
  supporting: [WI, QA], lanes: CLEAR, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [],
}, 'tricky: "striped" must not match the payment provider Stripe');
c('payments-refactor-billing', 'Restructure the billing module in the backend without changing behaviour', {
  type: 'refactor', scope: 'single-app', risk: 'high', primary: BL,
  supporting: [SI, QA, SEC], lanes: FULL, gates: ['payments:now', ...REFACTOR_IFS], phases: 'refactor', mode: 'clarify-first', triggers: ['payments'],
});
c('payments-checkout-form-field', 'Add a discount code input field to the checkout form', {
  type: 'feature', scope: 'single-app', ...PAY_WEB, supporting: [...PAY_WEB.supporting], lanes: FULL, gates: [...PAY_WEB.gates], triggers: ['payments', 'ui-forms'],
});

// ---------------------------------------------------------------------------------------------
// Tenant boundary.
// ---------------------------------------------------------------------------------------------
c('tenant-orders-api', 'Scope the orders API by business so staff never see other businesses\' orders', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: BL,
  supporting: [WL, BI, QA], lanes: FULL, gates: ['tenant-boundary:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['tenant-boundary', 'contract'],
});
c('tenant-cross-tenant-report', 'Add a cross-tenant admin report of total sales', {
  type: 'feature', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, AL, QA], lanes: FULL, gates: ['tenant-boundary:now', 'analytics-semantics:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['tenant-boundary', 'analytics'],
});
c('tenant-discovery', 'Look into whether background jobs respect workspace scoping', {
  type: 'discovery', scope: 'single-app', risk: 'high', primary: ORCH,
  supporting: [BL], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['tenant-boundary'], apps: ['backend'],
}, 'investigating needs no PO approval; high risk without criteria still asks first');

// ---------------------------------------------------------------------------------------------
// Schema, migrations, backfills.
// ---------------------------------------------------------------------------------------------
const SCHEMA_BACKEND = { type: 'feature', scope: 'single-app', risk: 'high', primary: BL, lanes: FULL, phases: 'default', mode: 'clarify-first' } as const;
c('schema-alter-table', 'Add a nullable notes column to the orders table in the backend database with ALTER TABLE and backfill existing rows', {
  ...SCHEMA_BACKEND, lanes: FULL, supporting: [BI, QA], gates: ['schema:now', 'dependencies:if'], triggers: ['schema'],
});
c('schema-migrating-inflection', 'Backfill the new currency field for existing orders by migrating old rows in the database', {
  ...SCHEMA_BACKEND, lanes: FULL, supporting: [BI, QA], gates: ['schema:now', 'dependencies:if'], triggers: ['schema'],
});
c('schema-migrations-inflection', 'Add database migrations for the new suppliers table', {
  ...SCHEMA_BACKEND, lanes: FULL, supporting: [BI, QA], gates: ['schema:now', 'dependencies:if'], triggers: ['schema'],
});
c('schema-new-column', 'Store the delivery notes in a new column on orders in the backend', {
  ...SCHEMA_BACKEND, lanes: FULL, supporting: [BI, QA], gates: ['schema:now', 'dependencies:if'], triggers: ['schema'],
});
c('schema-database-index', 'Add a database index on orders.created_at to speed up the orders list', {
  ...SCHEMA_BACKEND, lanes: FULL, supporting: [BI, QA], gates: ['schema:now', 'dependencies:if'], triggers: ['schema'],
}, 'an index is a migration even when the goal is speed');
c('schema-ui-column-is-not-a-db-column', 'Add a new column to the orders list page showing the delivery date', {
  type: 'feature', scope: 'single-app', risk: 'low', primary: WL,
  supporting: [WI, QA], lanes: CLEAR, gates: FEATURE_IFS, phases: 'none', mode: 'assumption-first', triggers: [],
}, 'tricky: a column of a list page is UI; whether the data needs a schema change is the feature\'s schema "if" gate');

// ---------------------------------------------------------------------------------------------
// Cross-stack contract: endpoints, error shape, breaking changes.
// ---------------------------------------------------------------------------------------------
c('contract-error-shape', 'Change the error shape of the orders endpoint to problem details and update the portal to read it', {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature', mode: 'clarify-first', triggers: ['contract'],
}, 'tricky: "error shape" is a contract change, not a bug report');
c('contract-bug-500', 'The orders API returns 500 when an order has no items', {
  type: 'bug', scope: 'single-app', risk: 'medium', primary: BI,
  supporting: [BL, WL, QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['contract'],
});
c('contract-labelled-breaking-chore', [
  'Title: Remove the deprecated v1 orders endpoint',
  'Type: chore',
  'Goal: Delete the v1 orders endpoint now that the portal uses v2.',
  'Acceptance criteria:',
  '- GET /v1/orders returns 404',
  '- the portal still loads orders through v2',
  'Risk hints:',
  '- breaking-contract',
].join('\n'), {
  type: 'chore', scope: 'cross-stack', risk: 'high', primary: SI,
  supporting: [BL, WL], lanes: CHORE, gates: ['breaking-contract:now'], phases: 'default', mode: 'assumption-first',
  triggers: ['contract', 'breaking-contract'],
}, 'DESIGN: breaking API contracts need the PO gate; the PO flagged it in the risk hints');
c('contract-labelled-hint-is-not-breaking', [
  'Title: Return the order currency from the orders endpoint and show it on the order page',
  'Type: feature',
  'Acceptance criteria:',
  '- the orders endpoint returns currency as an ISO code',
  '- the order page shows amounts with that currency',
  'Risk hints:',
  '- contract',
].join('\n'), {
  type: 'feature', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'cross-stack-feature', mode: 'assumption-first', triggers: ['contract'],
}, 'a "contract" risk hint is the medium contract axis, not the high breaking-contract one');

// ---------------------------------------------------------------------------------------------
// UI forms.
// ---------------------------------------------------------------------------------------------
c('forms-wizard', 'Build a three-step wizard for creating a new supplier on the portal', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: ['ui-forms'],
});
c('forms-validation-message-is-copy', 'Show a validation message when the phone field on the customer form is empty', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [IL, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: ['ui-forms', 'copy'],
}, 'DESIGN: new user-facing strings → i18n Lead; a validation message is one');
c('forms-error-messages-are-a-feature', 'Add inline error messages to the product form', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [IL, WI, QA], lanes: FULL, gates: FEATURE_IFS, phases: 'none', mode: 'clarify-first', triggers: ['ui-forms', 'copy'],
}, 'tricky: adding error messages is new UI copy, not a bug');
c('forms-bug-save-button', 'The save button on the product form is broken', {
  type: 'bug', scope: 'single-app', risk: 'medium', primary: WI,
  supporting: [WL, QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['ui-forms'],
});

// ---------------------------------------------------------------------------------------------
// User-facing strings, translations, RTL.
// ---------------------------------------------------------------------------------------------
c('i18n-translate-settings', 'Translate the settings page into Arabic', {
  type: 'i18n', scope: 'single-app', risk: 'medium', primary: IL,
  supporting: [WL], lanes: I18N, gates: ['scope:if'], phases: 'none', mode: 'clarify-first', triggers: ['copy'],
});
c('i18n-extract-strings', 'Move the hard-coded user-facing strings of the customers page into locale files', {
  type: 'i18n', scope: 'single-app', risk: 'medium', primary: IL,
  supporting: [WL], lanes: I18N, gates: ['scope:if'], phases: 'none', mode: 'clarify-first', triggers: ['copy'],
});
c('i18n-labelled-french', [
  'Title: Add a French locale to the portal',
  'Type: i18n',
  'Scope: single-app',
  'Goal: Portal users can pick French in the language menu.',
  'Acceptance criteria:',
  '- every key in en.json has a French translation',
  '- the language menu lists Français',
].join('\n'), {
  type: 'i18n', scope: 'single-app', risk: 'medium', primary: IL,
  supporting: [WL], lanes: I18N, gates: ['scope:if'], phases: 'none', mode: 'assumption-first', triggers: ['copy'], apps: ['web'],
});
c('i18n-rtl-bug', 'The sidebar is broken in RTL; icons point the wrong way in Arabic', {
  type: 'bug', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [IL, QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: ['copy'],
});
c('copy-rename-label', 'Rename the Orders sidebar label to Sales', {
  type: 'chore', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [IL], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first', triggers: ['copy'],
});
c('copy-sign-in-typo-is-not-auth', 'Fix the typo in the Sign in button label', {
  type: 'chore', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [IL], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first',
}, 'tricky: "Sign in" is the label being corrected; no auth behaviour changes (DESIGN: low risk = no auth impact)');

// ---------------------------------------------------------------------------------------------
// Content and legal/tax claims.
// ---------------------------------------------------------------------------------------------
c('content-blog-arabic', 'Write a blog post announcing Arabic support', {
  type: 'content', scope: 'monorepo-wide', risk: 'low', primary: CL,
  supporting: [IL], lanes: CONTENT, gates: ['legal-claims:if'], phases: 'none', mode: 'assumption-first', triggers: ['copy'],
});
c('content-legal-tax-claim', 'Write a newsletter promising customers guaranteed tax savings', {
  type: 'content', scope: 'monorepo-wide', risk: 'high', primary: CL,
  supporting: [], lanes: CONTENT, gates: ['legal-claims:now'], phases: 'default', mode: 'clarify-first', triggers: ['legal-claims'],
});
c('content-help-article', 'Draft a help article on how to record a cash sale', {
  type: 'content', scope: 'monorepo-wide', risk: 'low', primary: CL,
  supporting: [], lanes: CONTENT, gates: ['legal-claims:if'], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('content-tagline', 'Update the tagline in the website header', {
  type: 'content', scope: 'monorepo-wide', risk: 'low', primary: CL,
  supporting: [], lanes: CONTENT, gates: ['legal-claims:if'], phases: 'none', mode: 'assumption-first', triggers: [],
});

// ---------------------------------------------------------------------------------------------
// Design: redesign, theming, consistency, new UI primitives.
// ---------------------------------------------------------------------------------------------
c('design-dark-theme', 'Add dark theme support to the portal', {
  type: 'design', scope: 'single-app', risk: 'high', primary: DL,
  supporting: [WL, IL, WI, QA], lanes: DESIGN, gates: ['major-ux:now'], phases: 'redesign', mode: 'clarify-first', triggers: ['redesign'],
});
c('design-visual-consistency', 'Improve visual consistency of buttons across all apps', {
  type: 'design', scope: 'monorepo-wide', risk: 'high', primary: DL,
  supporting: [WL, IL, WI, QA], lanes: DESIGN, gates: ['major-ux:now'], phases: 'redesign', mode: 'clarify-first', triggers: ['redesign'],
}, 'DESIGN: revamp/redesign/theming/consistency → Design/UX Lead + Web Lead');
c('design-ux-empty-states', 'Improve the UX of the empty states on the orders page', {
  type: 'design', scope: 'single-app', risk: 'medium', primary: DL,
  supporting: [WL, WI, QA], lanes: DESIGN, gates: [], phases: 'none', mode: 'clarify-first', triggers: [],
});
c('design-new-component', 'Create a new date-range picker component for the portal design system', {
  type: 'design', scope: 'single-app', risk: 'high', primary: DL,
  supporting: [WL, IL, WI, QA], lanes: DESIGN, gates: ['major-ux:now'], phases: 'redesign', mode: 'clarify-first', triggers: ['redesign'],
});
c('design-yaml-major-ux-hint', [
  'title: Add a command palette to the portal',
  'type: feature',
  'scope: single-app',
  'acceptanceCriteria:',
  '  - Ctrl+K opens the palette on every page',
  '  - results can be picked with the keyboard',
  'riskHints:',
  '  - major UX',
].join('\n'), {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [DL, IL, WI, QA], lanes: FULL, gates: ['major-ux:now', ...FEATURE_IFS], phases: 'default', mode: 'assumption-first', triggers: ['redesign'],
}, 'the PO flags "major UX" (one of DESIGN\'s risk hints): a new UI primitive, so the redesign roles and gate apply');

// ---------------------------------------------------------------------------------------------
// Dashboards, metrics, reporting.
// ---------------------------------------------------------------------------------------------
c('analytics-metric-semantics', 'Change how the repeat-customer rate metric counts cancelled orders', {
  type: 'feature', scope: 'unknown', risk: 'medium', primary: ORCH,
  supporting: [AL, QA], lanes: FULL, gates: ['analytics-semantics:now', ...FEATURE_IFS], phases: 'none', mode: 'clarify-first', triggers: ['analytics'],
});
c('analytics-kpi-widget', 'Add a KPI for average order value to the dashboard page', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [AL, WI, QA], lanes: FULL, gates: ['analytics-semantics:now', ...FEATURE_IFS], phases: 'none', mode: 'clarify-first', triggers: ['analytics'],
});
c('analytics-deferred-bug', 'The conversion rate on the sales dashboard is sometimes wrong; low priority', {
  type: 'bug', scope: 'unknown', risk: 'medium', primary: ORCH,
  supporting: [AL, QA], lanes: DEFERRED, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['analytics'],
});
c('analytics-users-report-is-not-reporting', 'Several users report that the CSV export button crashes the orders page', {
  type: 'bug', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
}, 'tricky: users "report" a crash; nothing about metrics or reports');

// ---------------------------------------------------------------------------------------------
// Infra, CI/CD, environments.
// ---------------------------------------------------------------------------------------------
const DEVOPS = { type: 'devops', scope: 'monorepo-wide', risk: 'medium', primary: OL, supporting: [SI, QA], lanes: FULL, phases: 'none' } as const;
c('devops-ci-cache', 'Cache node_modules in the CI pipeline to speed up builds', {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: [], mode: 'clarify-first', triggers: ['infra'],
});
c('devops-env-var', 'Add a SENTRY_DSN environment variable to the staging environment', {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: [], mode: 'clarify-first', triggers: ['infra'],
});
c('devops-cicd', 'Set up CI/CD for the mobile app', {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: [], mode: 'clarify-first', triggers: ['infra'],
});
c('devops-pipelines-inflection', 'Speed up the deployment pipelines with a build cache', {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: [], mode: 'clarify-first', triggers: ['infra'],
});
c('devops-base-image-upgrade', 'Upgrade the Node base image in the backend Dockerfile to Node 22', {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: ['dependencies:now'], mode: 'clarify-first', triggers: ['infra', 'dependencies'],
});
c('devops-json', JSON.stringify({
  title: 'Deploy the portal to Kubernetes',
  type: 'devops',
  goal: 'Replace the VM deploy with a Kubernetes deployment.',
  acceptanceCriteria: ['the portal is served from the cluster in staging', 'the pipeline deploys on every merge to main'],
  riskHints: ['infra'],
}), {
  ...DEVOPS, supporting: [SI, QA], lanes: FULL, gates: [], mode: 'assumption-first', triggers: ['infra'], apps: ['web'],
});

// ---------------------------------------------------------------------------------------------
// Testing: flaky tests, E2E coverage, unit tests.
// ---------------------------------------------------------------------------------------------
c('testing-flaky', 'The orders list E2E test is flaky', {
  type: 'testing', scope: 'unknown', risk: 'low', primary: QA,
  supporting: [], lanes: FULL, gates: [], phases: 'none', mode: 'assumption-first', triggers: ['tests'],
}, 'a flaky test is QA work, not a product bug; unknown area keeps the planning lane');
c('testing-e2e-invite-flow-is-not-auth-change', 'Add E2E coverage for the invite-a-teammate flow in Playwright', {
  type: 'testing', scope: 'unknown', risk: 'low', primary: QA,
  supporting: [], lanes: FULL, gates: [], phases: 'none', mode: 'assumption-first',
}, 'tricky: tests of the invite flow change no auth behaviour (DESIGN: low = no auth impact; the gate is for auth changes)');
c('testing-labelled-coverage', [
  'Title: Raise unit test coverage of the pricing helpers',
  'Type: testing',
  'Scope: single-app',
  'Acceptance criteria:',
  '- pricing helpers reach 90% line coverage',
  '- no production code changes',
].join('\n'), {
  type: 'testing', scope: 'single-app', risk: 'low', primary: QA,
  supporting: [], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: ['tests'],
});
c('testing-unit-backend', 'Write unit tests for the order total calculation in the backend', {
  type: 'testing', scope: 'single-app', risk: 'low', primary: QA,
  supporting: [], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('testing-json-flaky', JSON.stringify({
  title: 'Stabilise the flaky orders list E2E test',
  type: 'testing',
  scope: 'single-app',
  acceptanceCriteria: ['the test passes 50 runs in a row'],
  references: ['web/e2e/orders.spec.ts'],
}), {
  type: 'testing', scope: 'single-app', risk: 'low', primary: QA,
  supporting: [], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: ['tests'],
});

// ---------------------------------------------------------------------------------------------
// Refactors.
// ---------------------------------------------------------------------------------------------
c('refactor-backend-service', 'Refactor the orders service to use the repository layer', {
  type: 'refactor', scope: 'single-app', risk: 'medium', primary: BL,
  supporting: [SI, QA], lanes: FULL, gates: REFACTOR_IFS, phases: 'none', mode: 'clarify-first', triggers: [],
});
c('refactor-portal-extract', 'Extract the duplicated table filters into one component in the portal', {
  type: 'refactor', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [SI, QA], lanes: FULL, gates: REFACTOR_IFS, phases: 'none', mode: 'clarify-first', triggers: [],
});
c('refactor-monorepo-large', 'Consolidate the date helpers across the codebase into one shared package', {
  type: 'refactor', scope: 'monorepo-wide', risk: 'high', primary: ORCH,
  supporting: [SI, QA], lanes: FULL, gates: REFACTOR_IFS, phases: 'refactor', mode: 'clarify-first', triggers: [],
}, 'a refactor across more than one area is high and phased');

// ---------------------------------------------------------------------------------------------
// Chores and dependencies.
// ---------------------------------------------------------------------------------------------
c('chore-readme-typo', 'Fix the typo in the README', {
  type: 'chore', scope: 'unknown', risk: 'low', primary: SI,
  supporting: [], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('chore-lint-backend', 'Fix lint warnings in the backend', {
  type: 'chore', scope: 'single-app', risk: 'low', primary: BI,
  supporting: [], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('chore-address-is-a-verb', 'Address the lint warnings in the portal', {
  type: 'chore', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
}, 'tricky: "address" the verb is not a postal address (PII)');
c('chore-dead-code', 'Remove dead code in the backend', {
  type: 'chore', scope: 'single-app', risk: 'low', primary: BI,
  supporting: [], lanes: CHORE, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('chore-bump-dependency', 'Bump the yaml package to the latest minor version in the backend', {
  type: 'chore', scope: 'single-app', risk: 'medium', primary: BI,
  supporting: [], lanes: CHORE, gates: ['dependencies:now'], phases: 'none', mode: 'clarify-first', triggers: ['dependencies'],
}, 'a version bump is a chore, and an upgraded dependency is a PO decision in this model');
c('dependencies-new-sdk', 'Add the Sentry SDK to the backend', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: BL,
  supporting: [BI, QA], lanes: FULL, gates: ['dependencies:now', 'schema:if'], phases: 'none', mode: 'clarify-first', triggers: ['dependencies'],
});
c('dependencies-new-dependency', 'Add date-fns as a new dependency of the portal for relative timestamps', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [WI, QA], lanes: FULL, gates: ['dependencies:now', 'schema:if'], phases: 'none', mode: 'clarify-first', triggers: ['dependencies'],
});
c('dependencies-install', 'Install date-fns in the portal for relative timestamps', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  supporting: [WI, QA], lanes: FULL, gates: ['dependencies:now', 'schema:if'], phases: 'none', mode: 'clarify-first', triggers: ['dependencies'],
}, 'installing a package is adding a dependency');

// ---------------------------------------------------------------------------------------------
// Discovery and planning.
// ---------------------------------------------------------------------------------------------
c('discovery-slow-page', 'Investigate why the orders page is slow for large businesses', {
  type: 'discovery', scope: 'single-app', risk: 'low', primary: ORCH,
  supporting: [WL], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('discovery-feasibility', 'Explore the feasibility of offline mode for the portal', {
  type: 'discovery', scope: 'single-app', risk: 'low', primary: ORCH,
  supporting: [WL], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('discovery-sso', 'Look into whether we can let staff log in with Google SSO', {
  type: 'discovery', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, SEC], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['auth'],
});
c('discovery-no-rush', 'Research whether we need a data warehouse; no rush', {
  type: 'discovery', scope: 'unknown', risk: 'low', primary: ORCH,
  supporting: [], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('discovery-labelled-sessions', [
  'Title: Find out how long sessions live today',
  'Type: discovery',
  'Acceptance criteria:',
  '- a note listing every place that sets a session lifetime',
].join('\n'), {
  type: 'discovery', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, SEC], lanes: DISCOVERY, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['auth'],
}, 'high risk and unknown area: clarify-first, which must come with 1–5 questions (the area at least)');
c('planning-spec', 'Write a spec for recurring orders', {
  type: 'planning', scope: 'unknown', risk: 'low', primary: ORCH,
  supporting: [], lanes: PLANNING, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('planning-break-down-cross-stack', 'Break down the loyalty points epic into tasks for the backend and portal', {
  type: 'planning', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL], lanes: PLANNING, gates: [], phases: 'none', mode: 'clarify-first', triggers: [],
});
c('planning-estimate-payments', 'Estimate the effort to add multi-currency support to invoices', {
  type: 'planning', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [BL, SEC], lanes: PLANNING, gates: [], phases: 'none', mode: 'clarify-first', triggers: ['payments'],
}, 'the type words of planning come before the feature words "add"/"support"');
c('planning-roadmap', 'Draft the Q3 roadmap for the portal', {
  type: 'planning', scope: 'single-app', risk: 'low', primary: ORCH,
  supporting: [WL], lanes: PLANNING, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('planning-design-doc', 'Write a design doc for multi-warehouse stock', {
  type: 'planning', scope: 'unknown', risk: 'low', primary: ORCH,
  supporting: [], lanes: PLANNING, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});

// ---------------------------------------------------------------------------------------------
// New projects.
// ---------------------------------------------------------------------------------------------
c('new-project-service', 'Bootstrap a new service for sending WhatsApp notifications', {
  type: 'new-project', scope: 'single-app', risk: 'medium', primary: ORCH,
  supporting: [BL, BI, QA], lanes: NEW_PROJECT, gates: ['dependencies:if'], phases: 'none', mode: 'clarify-first', triggers: [],
}, 'DESIGN: new project is the Orchestrator with the relevant Lead');
c('new-project-scaffold', 'Scaffold a new app for the warehouse team from scratch', {
  type: 'new-project', scope: 'unknown', risk: 'medium', primary: ORCH,
  supporting: [QA], lanes: NEW_PROJECT, gates: ['dependencies:if'], phases: 'none', mode: 'clarify-first', triggers: [],
});
c('new-project-json', JSON.stringify({
  title: 'Greenfield supplier portal',
  type: 'new-project',
  scope: 'cross-stack',
  goal: 'A separate portal and backend API for suppliers to confirm purchase orders.',
  acceptanceCriteria: ['suppliers can see their open purchase orders', 'suppliers can confirm a purchase order'],
  constraints: ['reuse the existing auth'],
  references: ['docs/suppliers.md'],
}), {
  type: 'new-project', scope: 'cross-stack', risk: 'high', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA, SEC], lanes: NEW_PROJECT, gates: ['auth:now', 'dependencies:if'], phases: 'default',
  mode: 'assumption-first', triggers: ['auth', 'contract'], apps: ['backend', 'web'],
});

// ---------------------------------------------------------------------------------------------
// More bugs: clear, cross-stack, unclear and deferred, labelled.
// ---------------------------------------------------------------------------------------------
c('bug-cron-crash', 'The nightly cron job crashes when a business has no products', {
  type: 'bug', scope: 'single-app', risk: 'low', primary: BI,
  supporting: [QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: [], apps: ['backend'],
}, 'DESIGN: clear bug → Implementer');
c('bug-doesnt-work', 'The language switcher doesn\'t work on the settings screen', {
  type: 'bug', scope: 'single-app', risk: 'low', primary: WI,
  supporting: [QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
});
c('bug-cross-stack', 'The customer form in the portal shows the wrong error from the customers endpoint', {
  type: 'bug', scope: 'cross-stack', risk: 'medium', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA], lanes: CLEAR, gates: [], phases: 'default', mode: 'clarify-first', triggers: ['ui-forms', 'contract'],
});
c('bug-glitch-deferred', 'The sidebar sometimes glitches on the portal; not urgent', {
  type: 'bug', scope: 'single-app', risk: 'low', primary: ORCH,
  supporting: [QA], lanes: DEFERRED, gates: [], phases: 'none', mode: 'clarify-first', triggers: [],
}, 'unclear and not urgent: discovery, then the backlog; ambiguous behaviour without criteria asks first (DESIGN stop-and-ask)');
c('bug-labelled', [
  'Title: Duplicate orders on double click',
  'Type: bug',
  'Goal: Clicking Place order twice creates two orders in the backend.',
  'Acceptance criteria:',
  '- a second click while saving is ignored',
  '- a backend test covers the duplicate request',
].join('\n'), {
  type: 'bug', scope: 'single-app', risk: 'low', primary: BI,
  supporting: [QA], lanes: CLEAR, gates: [], phases: 'none', mode: 'assumption-first', triggers: [],
}, 'the brief\'s own type wins over "creates"');

// ---------------------------------------------------------------------------------------------
// Personal data.
// ---------------------------------------------------------------------------------------------
c('pii-national-id', 'Store customers\' national ID on their profile', {
  type: 'feature', scope: 'unknown', risk: 'high', primary: ORCH,
  supporting: [QA, SEC], lanes: FULL, gates: ['pii:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['pii'],
});
c('pii-phone-number-field', 'Add a phone number field to the customer form', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [WI, QA, SEC], lanes: FULL, gates: ['pii:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['pii', 'ui-forms'],
});
c('pii-home-addresses', 'Show customers\' home addresses on the delivery screen', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: WL,
  supporting: [WI, QA, SEC], lanes: FULL, gates: ['pii:now', ...FEATURE_IFS], phases: 'default', mode: 'clarify-first', triggers: ['pii'],
});
c('pii-json-hints', JSON.stringify({
  title: 'Keep customers\' birthdays for greetings',
  type: 'feature',
  scope: 'cross-stack',
  goal: 'Store an optional birthday per customer in the backend and let staff edit it in the customer form on the portal.',
  acceptanceCriteria: ['birthday is optional', 'staff can edit it in the customer form'],
  riskHints: ['PII', 'schema'],
}), {
  type: 'feature', scope: 'cross-stack', risk: 'high', primary: ORCH,
  supporting: [BL, WL, BI, WI, QA, SEC], lanes: FULL, gates: ['pii:now', 'schema:now', 'dependencies:if'], phases: 'cross-stack-feature',
  mode: 'assumption-first', triggers: ['pii', 'schema', 'ui-forms'], apps: ['backend', 'web'],
}, 'risk hints are the PO naming the risks: PII and schema raise their gates');

// ---------------------------------------------------------------------------------------------
// Free text as people write it (issue 12): written before the router was changed for them.
// ---------------------------------------------------------------------------------------------
c('free-webhook-is-backend', 'Add a webhook for order events', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: BL,
  supporting: [BI, QA, SEC], lanes: FULL, gates: FEATURE_IFS, mode: 'clarify-first', triggers: ['webhooks'], apps: ['backend'],
}, 'DESIGN: webhooks bring in the Backend Lead and the Security/Privacy Reviewer; an order-events webhook is not payments');
c('free-rename-response-field', 'Rename a field in the order response and update the portal', {
  type: 'chore', scope: 'cross-stack', risk: 'high', primary: SI,
  lanes: CHORE, gates: ['breaking-contract:now'], triggers: ['contract', 'breaking-contract'], apps: ['backend', 'web'],
}, 'renaming a response field breaks every client that reads it: the breaking-contract gate, across the stack');
c('free-dashboard-numbers', 'The dashboard numbers look wrong', {
  type: 'bug', scope: 'unknown', risk: 'medium', primary: ORCH,
  lanes: BUG_UNCLEAR, gates: ['analytics-semantics:now'], triggers: ['analytics'], apps: [],
}, 'dashboards and their figures are analytics: the Data/Analytics Lead, and the fix may change what a metric means');
c('free-use-a-library', 'Use date-fns in the portal', {
  type: 'feature', scope: 'single-app', risk: 'medium', primary: WL,
  lanes: FULL, gates: ['dependencies:now', 'schema:if'], mode: 'clarify-first', triggers: ['dependencies'], apps: ['web'],
}, 'using a package the portal does not have is a new dependency');
c('free-webhook-and-rename', 'Add a webhook for order events, rename a field in the order response', {
  type: 'feature', scope: 'single-app', risk: 'high', primary: BL,
  lanes: FULL, gates: ['breaking-contract:now', ...FEATURE_IFS], triggers: ['webhooks', 'contract', 'breaking-contract'], apps: ['backend'],
}, 'new work (a webhook) that also renames a response field: a feature with the breaking-contract gate, not a chore');
c('free-tenant-paraphrase', "Make sure one shop can never see another shop's orders", {
  type: 'feature', scope: 'unknown', risk: 'high', primary: ORCH,
  gates: ['tenant-boundary:now', ...FEATURE_IFS], triggers: ['tenant-boundary'],
}, 'what one tenant can see of another, in the words of a shop owner');
c('free-auth-paraphrase', 'Users stay signed in forever; expire idle sessions after 30 minutes', {
  type: 'feature', scope: 'unknown', risk: 'high', primary: ORCH,
  gates: ['auth:now', ...FEATURE_IFS], triggers: ['auth'],
});

// ---------------------------------------------------------------------------------------------

interface Mismatch {
  field: string;
  expected: string;
  actual: string;
}

const show = (v: unknown) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
const sorted = (v: readonly string[]) => [...v].sort();

function actualTriggers(p: TaskPacket): string[] {
  return p.because.filter((b) => b.rule.startsWith('trigger:')).map((b) => b.rule.slice('trigger:'.length));
}

function actualPhasePlan(p: TaskPacket): string {
  return p.because.find((b) => b.rule.startsWith('phases:'))?.rule.slice('phases:'.length) ?? 'none';
}

function compare(k: Case, p: TaskPacket): Mismatch[] {
  const e = k.expect;
  const out: Mismatch[] = [];
  const eq = (field: string, expected: unknown, actual: unknown) => {
    if (show(expected) !== show(actual)) out.push({ field, expected: show(expected), actual: show(actual) });
  };
  eq('type', e.type, p.classification.type);
  eq('scope', e.scope, p.classification.scope);
  eq('risk', e.risk, p.classification.risk);
  eq('primary', e.primary, p.owners.primary);
  if (e.supporting) eq('supporting', e.supporting, p.owners.supporting);
  if (e.lanes) eq('lanes', e.lanes.join(' → '), p.lanes.join(' → '));
  eq('gates', sorted(e.gates), sorted(p.gates.map((g) => `${g.decision}:${g.when}`)));
  if (e.mode) eq('mode', e.mode, p.mode);
  if (e.triggers) eq('triggers', sorted(e.triggers), sorted(actualTriggers(p)));
  if (e.phases) eq('phases', e.phases, actualPhasePlan(p));
  if (e.apps) eq('apps', e.apps, p.classification.apps);
  // DESIGN §3: clarify-first asks 1–5 targeted questions; assumption-first writes its assumptions down.
  if (p.mode === 'clarify-first' && (p.questions.length < 1 || p.questions.length > 5)) {
    out.push({ field: 'questions', expected: '1–5 questions (clarify-first)', actual: `${p.questions.length} questions` });
  }
  if (p.mode === 'assumption-first' && (p.questions.length > 0 || p.assumptions.length === 0)) {
    out.push({ field: 'assumptions', expected: 'no questions and written assumptions (assumption-first)', actual: `${p.questions.length} questions, ${p.assumptions.length} assumptions` });
  }
  return out;
}

/** The router's own reasons for type and triggers, to make a mismatch quick to diagnose. */
function routerSaw(p: TaskPacket): string {
  return p.because
    .filter((b) => /^(type|brief:type|trigger|brief:risk-hint|modifier):?/.test(b.rule))
    .map((b) => `${b.rule}${b.matched.length ? `(${b.matched.join(', ')})` : ''}`)
    .join(' ');
}

test('the evaluation set is large, unique, and covers every task type and every trigger of the model', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  const ids = cases.map((k) => k.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate case ids');
  const types = new Set(cases.map((k) => k.expect.type));
  assert.deepEqual(TASK_TYPES.filter((t) => !types.has(t)), [], 'task types without a case');
  const triggers = new Set(cases.flatMap((k) => k.expect.triggers ?? []));
  assert.deepEqual(pb.model.triggers.map((t) => t.id).filter((t) => !triggers.has(t)), [], 'triggers without a case');
  const structured = cases.filter((k) => k.brief.includes('\n') || k.brief.startsWith('{'));
  assert.ok(structured.length >= 10, `only ${structured.length} labelled/YAML/JSON briefs`);
  // The six worked examples of DESIGN §3 are all there, with their full packets.
  const worked = cases.filter((k) => k.id.startsWith('worked-'));
  assert.equal(worked.length, 6);
  for (const k of worked) {
    for (const f of ['supporting', 'lanes', 'mode', 'triggers', 'phases'] as const) assert.ok(k.expect[f] !== undefined, `${k.id} lacks ${f}`);
  }
});

test('the router routes every case as a careful Orchestrator would (all mismatches listed at once)', () => {
  const report: string[] = [];
  let failing = 0;
  for (const k of cases) {
    let mismatches: Mismatch[];
    let packet: TaskPacket | undefined;
    try {
      packet = router.route(parseBrief(k.brief));
      mismatches = compare(k, packet);
    } catch (e) {
      mismatches = [{ field: 'route', expected: 'a packet', actual: `threw ${(e as Error).message}` }];
    }
    if (mismatches.length === 0) continue;
    failing++;
    report.push(`[${k.id}] ${JSON.stringify(k.brief.length > 140 ? `${k.brief.slice(0, 140)}…` : k.brief)}`);
    for (const m of mismatches) report.push(`    ${k.id} | ${m.field.padEnd(10)} | expected ${m.expected} | actual ${m.actual}`);
    if (k.note) report.push(`    why: ${k.note}`);
    if (packet) report.push(`    router saw: ${routerSaw(packet)}`);
  }
  assert.equal(report.length, 0, `${failing} of ${cases.length} cases routed differently from the expectation:\n${report.join('\n')}`);
});
