"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validateInput = validateInput;
const model_1 = require("../../common/model");
const errors_1 = require("./errors");
/** Validates a request body the way AWS does: a ValidationException listing every broken constraint. */
function validateInput(members, input) {
    const found = (0, model_1.violations)(members, input);
    if (found.length > 0)
        throw (0, errors_1.validation)((0, model_1.validationMessage)(found));
}
