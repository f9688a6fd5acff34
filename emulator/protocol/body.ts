import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The largest request body proton-local reads, API and control plane alike. Proton's largest input is a
 * spec of at most 51,200 characters: 204,800 bytes of UTF-8 at worst, or 307,200 bytes if a client
 * JSON-escapes every character as \uXXXX. 1 MiB leaves more than 3x margin over that.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than proton-local's limit of ${limit} bytes`);
  }
}

export interface Body {
  bytes: Buffer;
  /** Hex SHA-256 of the raw bytes, computed as they arrived. */
  sha256: string;
}

/**
 * Reads a request body of at most `limit` bytes, hashing it as it streams in. A declared Content-Length
 * over the limit is refused before a byte is read; a body that grows past it is refused at that chunk.
 * Either way the caller answers 413 and closes the connection: the rest is never buffered.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Body> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) return reject(new BodyTooLarge(limit));
    const chunks: Buffer[] = [];
    const hash = createHash("sha256");
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        chunks.length = 0;
        return reject(new BodyTooLarge(limit));
      }
      chunks.push(chunk);
      hash.update(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve({ bytes: Buffer.concat(chunks, size), sha256: hash.digest("hex") }));
    req.on("error", reject);
  });
}
