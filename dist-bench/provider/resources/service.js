"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Service = void 0;
const base_1 = require("./base");
const OUTPUTS = [
    "arn",
    "status",
    "statusMessage",
    "createdAt",
    "lastModifiedAt",
    "pipeline",
    "instances",
    "region",
    "endpoint",
];
/** An AWS Proton service with its instances and (if the template has one) its pipeline. */
class Service extends base_1.ProtonResource {
    constructor(name, args, opts) {
        super("Service", name, args, OUTPUTS, opts);
    }
}
exports.Service = Service;
