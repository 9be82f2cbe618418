/**
 * Bytes → normalised text. Pure: the reader hands us the bytes. We strip a BOM, turn CRLF into LF
 * (line numbers are unchanged by that), refuse binary data, and repair mojibake, reporting each.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { LineIndex } from './lines.ts';
import { repairMojibake } from './mojibake.ts';

export interface DecodedText {
  /** The text every later stage sees: no BOM, LF line endings, mojibake repaired. */
  text: string;
  hadBom: boolean;
  hadCrlf: boolean;
  diagnostics: Diagnostic[];
}

// ignoreBOM keeps a leading BOM in the text, so we can see and report it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeArtifact(bytes: Uint8Array, file: string): DecodedText | { diagnostics: Diagnostic[] } {
  const at = (rule: string, message: string, fix: string): Diagnostic => ({
    rule, severity: 'error', file, line: 1, column: 1, message, fix,
  });
  // A NUL byte never occurs in a markdown file; it means an image, an archive, a UTF-16 file…
  if (bytes.subarray(0, 8192).includes(0)) {
    return { diagnostics: [at('file-binary', 'file holds binary data (a NUL byte), not UTF-8 text', 'Save the file as UTF-8 text, or move it out of the playbook folders.')] };
  }
  let raw: string;
  try {
    raw = utf8.decode(bytes);
  } catch {
    return { diagnostics: [at('file-not-utf8', 'file is not valid UTF-8', 'Re-save the file with UTF-8 encoding.')] };
  }
  const diagnostics: Diagnostic[] = [];
  const hadBom = raw.charCodeAt(0) === 0xfeff;
  if (hadBom) {
    raw = raw.slice(1);
    diagnostics.push({
      rule: 'text-bom', severity: 'warning', file, line: 1, column: 1,
      message: 'file starts with a UTF-8 byte-order mark; some agent clients then miss the frontmatter',
      fix: 'Save the file as UTF-8 without BOM.',
    });
  }
  // CommonMark and YAML also end a line at a lone CR; make LF the only line ending for every stage.
  const hadCrlf = raw.includes('\r');
  if (hadCrlf) {
    raw = raw.replace(/\r\n?/g, '\n');
    diagnostics.push({
      rule: 'text-crlf', severity: 'warning', file, line: 1, column: 1,
      message: 'file uses CRLF (or CR) line endings; some agent clients fail to read its frontmatter',
      fix: 'Convert the file to LF line endings (e.g. `git add --renormalize` with `* text=auto eol=lf`).',
    });
  }
  const { text, fixes } = repairMojibake(raw);
  if (fixes.length > 0) {
    const lines = new LineIndex(raw);
    for (const f of fixes) {
      const { line, column } = lines.at(f.offset);
      diagnostics.push({
        rule: 'text-mojibake', severity: 'warning', file, line, column,
        message: `mis-decoded text "${f.found}" (UTF-8 read as Windows-1252); "${f.repaired}" was meant — the compiled spec uses the repaired text`,
        fix: `Replace "${f.found}" with "${f.repaired}" and save the file as UTF-8.`,
      });
    }
  }
  return { text, hadBom, hadCrlf, diagnostics };
}
