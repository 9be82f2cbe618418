/**
 * Whether to colour what a command prints, decided once for every command as ESLint and most CLIs
 * do: `--color` / `--no-color` win, then `NO_COLOR` (https://no-color.org: any non-empty value turns
 * colour off), then `FORCE_COLOR` (non-empty and not `0` turns it on), else colour only on a terminal.
 */
let choice: boolean | undefined;

/** The global `--color` / `--no-color` flags, taken out of argv before a command parses it. */
export function takeColorFlags(argv: string[]): string[] {
  return argv.filter((a) => {
    if (a === '--color') choice = true;
    else if (a === '--no-color') choice = false;
    else return true;
    return false;
  });
}

export function colorEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  if (choice !== undefined) return choice;
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

/** `text` in an SGR colour (31 red, 33 yellow, 36 cyan, 1 bold, 2 dim) when colour is on. */
export function paint(code: number, text: string, on: boolean): string {
  return on ? `\x1b[${code}m${text}\x1b[0m` : text;
}
