/**
 * Errors say who must act. A `UsageError` is the user's to fix (bad flag, missing directory) and is
 * printed without a stack; anything else reaching the CLI's top level is our bug.
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/**
 * The command was used right but the answer is no (a key not listed for a product owner): exit 1,
 * like a check that found something, not 2, which says the command line itself was wrong.
 */
export class RefusedError extends UsageError {
  override readonly name: string = 'RefusedError';
}
