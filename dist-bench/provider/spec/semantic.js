"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sameSpec = sameSpec;
const yaml_1 = require("yaml");
const model_1 = require("../../common/model");
/**
 * True when two YAML specs mean the same: key order, comments, quoting and flow vs block style never count.
 * Text that does not parse is compared as text.
 */
function sameSpec(a, b) {
    if (a === b)
        return true;
    if (typeof a !== "string" || typeof b !== "string")
        return false;
    try {
        return (0, model_1.deepEqual)((0, yaml_1.parse)(a), (0, yaml_1.parse)(b));
    }
    catch {
        return false;
    }
}
