/**
 * Mojibake: UTF-8 bytes that were decoded as Windows-1252 and saved again as UTF-8, so an em dash
 * (E2 80 94) turns into the three characters "â€”". We find runs that only make sense that way and
 * turn them back. Pure; used by the reader so specs hold the repaired text and lint can report it.
 */

/** Windows-1252 code points for bytes 0x80–0x9F (the only range where it differs from Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

/** Character → the Windows-1252 byte it came from, for bytes 0x80–0xFF. */
const BYTE_OF = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) {
  const cp = b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  BYTE_OF.set(String.fromCodePoint(cp), b);
}

/** A lead character (Â..ô) followed by continuation characters (bytes 0x80–0xBF in Windows-1252). */
const CONT = [...BYTE_OF].filter(([, b]) => b <= 0xbf).map(([c]) => c);
const contClass = `[${CONT.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`;
const CANDIDATE = new RegExp(`[\\u00c2-\\u00f4]${contClass}{1,3}`, 'gu');

// ignoreBOM: a mis-decoded BOM ("ï»¿") must come back as U+FEFF, not vanish.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface MojibakeFix {
  /** Offset of the garbled run in the input text. */
  offset: number;
  found: string;
  repaired: string;
}

/** Returns the repaired text and each repair, or the same text and no fixes. */
export function repairMojibake(text: string): { text: string; fixes: MojibakeFix[] } {
  const fixes: MojibakeFix[] = [];
  const repaired = text.replace(CANDIDATE, (found: string, offset: number) => {
    const bytes = Uint8Array.from([...found].map((c) => BYTE_OF.get(c) ?? c.codePointAt(0)!));
    const need = bytes[0]! >= 0xf0 ? 4 : bytes[0]! >= 0xe0 ? 3 : 2;
    if (bytes.length !== need) return found;
    let decoded: string;
    try {
      decoded = strictUtf8.decode(bytes);
    } catch {
      return found;
    }
    // Two characters such as "×–" are also ordinary text (a multiplication sign and a dash); only
    // take them for mojibake when they decode to a Latin letter or sign (é, ü, ß, a no-break space),
    // which is what mis-decoded European text is made of.
    if (need === 2 && decoded.codePointAt(0)! > 0x24f) return found;
    // French typography puts a no-break space between a letter and « » or a dash ("café »"), which
    // is also a valid 3-byte sequence; mojibake with a no-break-space byte in it is too rare to risk.
    if (need === 3 && found.includes('\u00a0')) return found;
    fixes.push({ offset, found, repaired: decoded });
    return decoded;
  });
  return { text: repaired, fixes };
}
