/**
 * Errors say who must act. A `UsageError` is the user's to fix (bad flag, missing directory) and is
 * printed without a stack; anything else reaching the CLI's top level is our bug.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}
