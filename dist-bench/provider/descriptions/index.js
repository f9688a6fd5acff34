"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DESCRIPTIONS = void 0;
const connection_1 = require("./connection");
const environment_1 = require("./environment");
const service_1 = require("./service");
const template_1 = require("./template");
const templateVersion_1 = require("./templateVersion");
/** Every resource type the package offers, by its fixed type name. */
exports.DESCRIPTIONS = Object.fromEntries([
    (0, template_1.templateDescription)("Environment"),
    (0, templateVersion_1.templateVersionDescription)("Environment"),
    (0, template_1.templateDescription)("Service"),
    (0, templateVersion_1.templateVersionDescription)("Service"),
    environment_1.environment,
    service_1.service,
    connection_1.connection,
].map((d) => [d.type, d]));
