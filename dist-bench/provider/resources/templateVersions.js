"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ServiceTemplateVersion = exports.EnvironmentTemplateVersion = void 0;
const base_1 = require("./base");
const OUTPUTS = [
    "majorVersion",
    "minorVersion",
    "version",
    "status",
    "statusMessage",
    "recommendedMinorVersion",
    "arn",
    "schema",
    "createdAt",
    "lastModifiedAt",
    "region",
    "endpoint",
];
/** `template` becomes the `templateName` input and the `deletedWith` option (unless the program set one). */
function withTemplate(args, opts = {}) {
    const { template, ...rest } = args;
    if (!template)
        return [rest, opts];
    return [
        { ...rest, templateName: template.name },
        { deletedWith: template, ...opts },
    ];
}
/** Spreads `bundle` into `source` and `bundleDir`; giving either of those as well is a mistake. */
function withBundle(type, name, args) {
    const { bundle, ...rest } = args;
    if (!bundle)
        return rest;
    const extra = ["source", "bundleDir"].filter((k) => rest[k] !== undefined);
    if (extra.length)
        throw new Error(`${type} '${name}': bundle sets source and bundleDir; leave out ${extra.join(" and ")} (or bundle)`);
    return { ...rest, source: bundle.source, bundleDir: bundle.bundleDir };
}
class TemplateVersion extends base_1.ProtonResource {
}
/** A registered (and by default published) version of an environment template. */
class EnvironmentTemplateVersion extends TemplateVersion {
    constructor(name, args, opts) {
        const [inputs, options] = withTemplate(withBundle("EnvironmentTemplateVersion", name, args), opts);
        super("EnvironmentTemplateVersion", name, inputs, OUTPUTS, options);
    }
}
exports.EnvironmentTemplateVersion = EnvironmentTemplateVersion;
/** A registered (and by default published) version of a service template. */
class ServiceTemplateVersion extends TemplateVersion {
    constructor(name, args, opts) {
        const [inputs, options] = withTemplate(withBundle("ServiceTemplateVersion", name, args), opts);
        super("ServiceTemplateVersion", name, inputs, OUTPUTS, options);
    }
}
exports.ServiceTemplateVersion = ServiceTemplateVersion;
