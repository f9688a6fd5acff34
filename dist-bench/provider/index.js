"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EnvironmentAccountConnection = exports.Service = exports.Environment = exports.TemplateBundle = exports.ServiceTemplateVersion = exports.EnvironmentTemplateVersion = exports.ServiceTemplate = exports.EnvironmentTemplate = void 0;
// pulumi-proton: AWS Proton resources for Pulumi programs.
//   resources/     the public resource classes (typed args and outputs)
//   shim.ts        the tiny provider Pulumi serializes; it loads runtime.ts at run time
//   runtime.ts     the implementation entry: one generic lifecycle per resource description
//   descriptions/  one declarative description per resource type
//   engine/        the generic lifecycle: check, diff, create, read, update, delete, waiting, tokens
//   spec/          spec comparison and preview-time spec checks
var templates_1 = require("./resources/templates");
Object.defineProperty(exports, "EnvironmentTemplate", { enumerable: true, get: function () { return templates_1.EnvironmentTemplate; } });
Object.defineProperty(exports, "ServiceTemplate", { enumerable: true, get: function () { return templates_1.ServiceTemplate; } });
var templateVersions_1 = require("./resources/templateVersions");
Object.defineProperty(exports, "EnvironmentTemplateVersion", { enumerable: true, get: function () { return templateVersions_1.EnvironmentTemplateVersion; } });
Object.defineProperty(exports, "ServiceTemplateVersion", { enumerable: true, get: function () { return templateVersions_1.ServiceTemplateVersion; } });
var bundle_1 = require("./resources/bundle");
Object.defineProperty(exports, "TemplateBundle", { enumerable: true, get: function () { return bundle_1.TemplateBundle; } });
var environment_1 = require("./resources/environment");
Object.defineProperty(exports, "Environment", { enumerable: true, get: function () { return environment_1.Environment; } });
var service_1 = require("./resources/service");
Object.defineProperty(exports, "Service", { enumerable: true, get: function () { return service_1.Service; } });
var connection_1 = require("./resources/connection");
Object.defineProperty(exports, "EnvironmentAccountConnection", { enumerable: true, get: function () { return connection_1.EnvironmentAccountConnection; } });
