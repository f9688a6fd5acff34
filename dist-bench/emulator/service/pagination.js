"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.paginate = paginate;
const errors_1 = require("../protocol/errors");
const DEFAULT_PAGE = 100;
/**
 * Pages a fully sorted list. The token is an opaque base64 offset tied to the operation, so a
 * token from one list cannot be replayed against another.
 */
function paginate(op, items, input) {
    let offset = 0;
    if (input.nextToken) {
        let decoded = {};
        try {
            decoded = JSON.parse(Buffer.from(input.nextToken, "base64").toString("utf8"));
        }
        catch {
            /* reported below */
        }
        if (decoded.op !== op || !Number.isInteger(decoded.offset) || decoded.offset < 0)
            throw (0, errors_1.validation)("The nextToken is not valid for this request");
        offset = decoded.offset;
    }
    const size = input.maxResults ?? DEFAULT_PAGE;
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? offset + size : undefined;
    return {
        page,
        ...(next !== undefined
            ? { nextToken: Buffer.from(JSON.stringify({ op, offset: next })).toString("base64") }
            : {}),
    };
}
