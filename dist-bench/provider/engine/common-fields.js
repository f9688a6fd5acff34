"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tagMap = exports.tagList = exports.NAME_KEYED_FIELDS = exports.COMMON_FIELDS = void 0;
exports.timeoutFor = timeoutFor;
const duration_1 = require("../../common/duration");
const model_1 = require("../../common/model");
// Arguments every Proton resource takes, on top of its own.
exports.COMMON_FIELDS = {
    /** Moving a resource to another region is a new resource. */
    region: { replace: true, serverDefault: true },
    /** Where the API is reached (proton-local); not part of the resource's identity. */
    endpoint: { local: true, serverDefault: true },
    tags: { same: (a, b) => (0, model_1.deepEqual)(a ?? {}, b ?? {}) },
    timeouts: { local: true },
    /** Identity the client tokens derive from (project/stack/name), set by the resource class. */
    logicalId: { local: true },
};
exports.NAME_KEYED_FIELDS = {
    adoptExisting: { local: true },
};
const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
/** The deadline for an operation from the resource's `timeouts` argument ({create, update, delete}). */
function timeoutFor(inputs, op) {
    const raw = inputs.timeouts?.[op];
    return (raw !== undefined && (0, duration_1.parseDuration)(raw)) || DEFAULT_TIMEOUT_MS;
}
const tagList = (tags) => tags && typeof tags === "object"
    ? Object.entries(tags).map(([key, value]) => ({ key, value }))
    : undefined;
exports.tagList = tagList;
const tagMap = (list) => Object.fromEntries((list ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
exports.tagMap = tagMap;
