"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ServiceTemplate = exports.EnvironmentTemplate = void 0;
const base_1 = require("./base");
const OUTPUTS = ["arn", "recommendedVersion", "createdAt", "lastModifiedAt", "region", "endpoint"];
class Template extends base_1.ProtonResource {
}
/** An AWS Proton environment template. Versions are separate resources (EnvironmentTemplateVersion). */
class EnvironmentTemplate extends Template {
    constructor(name, args, opts) {
        super("EnvironmentTemplate", name, args, OUTPUTS, opts);
    }
}
exports.EnvironmentTemplate = EnvironmentTemplate;
/** An AWS Proton service template. Versions are separate resources (ServiceTemplateVersion). */
class ServiceTemplate extends Template {
    constructor(name, args, opts) {
        super("ServiceTemplate", name, args, OUTPUTS, opts);
    }
}
exports.ServiceTemplate = ServiceTemplate;
