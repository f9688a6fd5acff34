"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BodyTooLarge = exports.MAX_BODY_BYTES = void 0;
exports.readBody = readBody;
const node_crypto_1 = require("node:crypto");
/**
 * The largest request body proton-local reads, API and control plane alike. Proton's largest input is a
 * spec of at most 51,200 characters: 204,800 bytes of UTF-8 at worst, or 307,200 bytes if a client
 * JSON-escapes every character as \uXXXX. 1 MiB leaves more than 3x margin over that.
 */
exports.MAX_BODY_BYTES = 1024 * 1024;
class BodyTooLarge extends Error {
    limit;
    constructor(limit) {
        super(`Request body is larger than proton-local's limit of ${limit} bytes`);
        this.limit = limit;
    }
}
exports.BodyTooLarge = BodyTooLarge;
/**
 * Reads a request body of at most `limit` bytes, hashing it as it streams in. A declared Content-Length
 * over the limit is refused before a byte is read; a body that grows past it is refused at that chunk.
 * Either way the caller answers 413 and closes the connection: the rest is never buffered.
 */
function readBody(req, limit = exports.MAX_BODY_BYTES) {
    return new Promise((resolve, reject) => {
        if (Number(req.headers["content-length"] ?? 0) > limit)
            return reject(new BodyTooLarge(limit));
        const chunks = [];
        const hash = (0, node_crypto_1.createHash)("sha256");
        let size = 0;
        const onData = (chunk) => {
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
