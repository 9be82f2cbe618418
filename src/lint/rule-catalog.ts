/**
 * Every diagnostic id kao can emit, with its default severity and what it means. The docs
 * (docs/lint-rules.md) and SARIF rule descriptions come from here; a test checks nothing is missing.
 */
import type { Severity } from '../diagnostics.ts';

export const RULE_CATALOG: Record<string, { severity: Severity; description: string }> = {
  'file-binary': { severity: 'error', description: 'the file holds binary data, not text' },
  'file-not-utf8': { severity: 'error', description: 'the file is not valid UTF-8' },
  'file-too-large': { severity: 'error', description: 'the file is larger than artifacts are allowed to be (4 MiB)' },
  'file-unreadable': { severity: 'error', description: 'the file cannot be read (permissions, vanished)' },
  'dir-unreadable': { severity: 'warning', description: 'a directory cannot be listed' },
  'symlink-loop': { severity: 'warning', description: 'a symbolic link loops back on itself' },
  'symlink-broken': { severity: 'warning', description: 'a symbolic link to an artifact points at nothing' },
  'symlink-outside-root': { severity: 'warning', description: 'a symbolic link to an artifact leaves the repository' },
  'text-bom': { severity: 'warning', description: 'the file starts with a byte-order mark' },
  'text-crlf': { severity: 'warning', description: 'the file uses CRLF line endings' },
  'text-mojibake': { severity: 'warning', description: 'UTF-8 text was mis-decoded as Windows-1252 (e.g. "â€”" for "—")' },
  'frontmatter-missing': { severity: 'error', description: 'an agent or skill file has no YAML frontmatter' },
  'frontmatter-unterminated': { severity: 'error', description: 'the frontmatter is never closed with `---`' },
  'frontmatter-not-mapping': { severity: 'error', description: 'the frontmatter is a list or a scalar, not fields' },
  'frontmatter-fenced': { severity: 'warning', description: 'the frontmatter sits inside a code fence' },
  'yaml-invalid': { severity: 'error', description: 'the YAML does not parse' },
  'field-unknown': { severity: 'warning', description: 'a frontmatter field the artifact kind does not define' },
  'field-deprecated': { severity: 'info', description: 'a deprecated frontmatter field' },
  'field-type': { severity: 'error', description: 'a frontmatter field has the wrong type' },
  'tool-unknown': { severity: 'warning', description: 'a tool name no agent client knows' },
  'role-undefined': { severity: 'error', description: 'a role is referenced but not defined' },
  'role-duplicate-id': { severity: 'error', description: 'two agent files define the same role id' },
  'role-duplicate-name': { severity: 'error', description: 'two agent files use the same display name' },
  'link-broken': { severity: 'error', description: 'a markdown link points at a file that does not exist' },
  'applyto-invalid': { severity: 'error', description: 'an `applyTo` glob is not valid' },
  'applyto-no-match': { severity: 'warning', description: 'an `applyTo` glob matches no file' },
  'readonly-role-writes': { severity: 'error', description: 'a role its own text calls read-only lists `edit` or `execute`' },
  'agent-calls-prompt': { severity: 'warning', description: 'an agent is told to run a prompt file' },
  'lead-missing-forbidden': { severity: 'warning', description: 'a Lead has no Forbidden Actions' },
  'lead-missing-escalation': { severity: 'warning', description: 'a Lead has no Escalation Path' },
  'forbidden-not-enforced': { severity: 'info', description: 'a forbidden action the OS cannot enforce' },
  'not-an-agent': { severity: 'warning', description: 'a markdown file without frontmatter in an agents folder' },
  'model-invalid': { severity: 'error', description: 'the operating model does not match its schema' },
  'model-unknown-gate': { severity: 'error', description: 'the operating model names a PO decision it does not define' },
  'model-unknown-axis': { severity: 'error', description: 'the operating model names a risk axis it does not define' },
};
