"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deepEqual = void 0;
exports.canonicalJson = canonicalJson;
/** The value with object keys sorted and undefined members dropped, so equal meanings serialise equally. */
function sorted(v) {
    if (Array.isArray(v))
        return v.map(sorted);
    if (v && typeof v === "object") {
        const record = v;
        return Object.fromEntries(Object.keys(record)
            .filter((k) => record[k] !== undefined)
            .sort()
            .map((k) => [k, sorted(record[k])]));
    }
    return v;
}
/** Canonical JSON (sorted keys, undefined members left out): key order never matters. */
function canonicalJson(v) {
    return JSON.stringify(sorted(v)) ?? "undefined";
}
/** Order-insensitive deep equality of JSON-like values. */
const deepEqual = (a, b) => canonicalJson(a) === canonicalJson(b);
exports.deepEqual = deepEqual;
