/**
 * Progress on long work (a 13 MB spec, a big diff): one line on stderr, rewritten in place and erased
 * when the work is done, so it never mixes with the report on stdout. Only on a terminal: pipes,
 * files and CI logs (`CI` set) get nothing. Each step also says how long the one before it took
 * once that passes a second, so a slow phase is visible.
 */
export interface Progress {
  step(message: string): void;
  done(): void;
}

const SILENT: Progress = { step() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return SILENT;
  let shown = false;
  const started = Date.now();
  return {
    step(message) {
      const seconds = (Date.now() - started) / 1000;
      const line = `kao: ${message}${seconds >= 1 ? ` (${seconds.toFixed(1)} s)` : ''}`;
      const width = (stream.columns || 80) - 1;
      stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
