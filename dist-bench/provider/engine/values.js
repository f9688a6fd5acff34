"use strict";
// Plain-JSON helpers for values crossing the engine boundary.
Object.defineProperty(exports, "__esModule", { value: true });
exports.shown = exports.UNKNOWN = void 0;
exports.hasUnknown = hasUnknown;
exports.cleanJson = cleanJson;
exports.isoTime = isoTime;
/** The string the Pulumi engine puts in place of values it does not know yet (preview). */
exports.UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** True if the value, or anything inside it, is not known yet. */
function hasUnknown(v) {
    if (typeof v === "string")
        return v.includes(exports.UNKNOWN);
    if (Array.isArray(v))
        return v.some(hasUnknown);
    if (v && typeof v === "object")
        return Object.values(v).some(hasUnknown);
    return false;
}
/** Deep copy as clean JSON: Dates become ISO strings, undefined members disappear. */
function cleanJson(v) {
    return JSON.parse(JSON.stringify(v, (_k, value) => (value instanceof Date ? value.toISOString() : value)));
}
function isoTime(v) {
    return v instanceof Date ? v.toISOString() : typeof v === "string" ? v : undefined;
}
/** An input as it appears in messages: a missing one says so instead of printing "undefined". */
const shown = (v) => (v === undefined || v === null ? "(missing)" : String(v));
exports.shown = shown;
