/**
 * Everything on stdin, read as a stream: a pipe that delivers late (`(sleep 2; echo …) | kao route`)
 * or a non-blocking descriptor would make a synchronous read fail with EAGAIN. Bytes, so callers
 * decide how to decode; at most `limit` bytes.
 */
export async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > limit) throw new RangeError(`stdin holds more than ${Math.round(limit / 1024 / 1024)} MB`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
