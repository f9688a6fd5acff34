"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RenderError = void 0;
exports.renderJinja = renderJinja;
exports.renderFiles = renderFiles;
exports.renderBundleFolder = renderBundleFolder;
exports.renderComponent = renderComponent;
const nunjucks_1 = __importDefault(require("nunjucks"));
const yaml_1 = require("yaml");
const spec_1 = require("../../common/spec");
const cloudformation_1 = require("./cloudformation");
/** A template Proton could not render; the message names the file, the line and the missing name. */
class RenderError extends Error {
}
exports.RenderError = RenderError;
function manifestTemplates(text, where) {
    let doc;
    try {
        doc = (0, yaml_1.parse)(text);
    }
    catch (e) {
        throw new RenderError(`${where} is not valid YAML: ${e.message.split("\n")[0]}`);
    }
    const templates = (0, spec_1.isMap)(doc) && (0, spec_1.isMap)(doc.infrastructure) ? doc.infrastructure.templates : undefined;
    if (!Array.isArray(templates) || templates.length === 0)
        throw new RenderError(`${where} lists no infrastructure.templates`);
    return templates.map((t, i) => {
        if (!(0, spec_1.isMap)(t) || typeof t.file !== "string")
            throw new RenderError(`${where}: infrastructure.templates[${i}] has no file`);
        return {
            file: t.file,
            engine: String(t.rendering_engine ?? "jinja"),
            language: String(t.template_language ?? "cloudformation"),
        };
    });
}
/**
 * Wraps the parameters so a name they don't hold is remembered: nunjucks only reports "undefined value"
 * with a position, and Proton's message names what was missing.
 */
function watched(value, path, missing) {
    if (value === null || typeof value !== "object" || Array.isArray(value))
        return value;
    return new Proxy(value, {
        get(target, key) {
            if (typeof key !== "string")
                return Reflect.get(target, key);
            if (!(key in target)) {
                missing.last = `${path}.${key}`;
                return undefined;
            }
            return watched(target[key], `${path}.${key}`, missing);
        },
    });
}
/** The YAML list Proton's `proton_cfn_*_env_vars` filters produce from a map of outputs. */
const envVars = (outputs, shape) => {
    const entries = Object.entries((0, spec_1.isMap)(outputs) ? outputs : {});
    for (const [key] of entries)
        if (!/^[a-zA-Z0-9_-]*$/.test(key))
            throw new Error(`output name '${key}' is not a valid variable name`);
    if (shape === "lambda")
        return entries.map(([k, v]) => `${k}: ${JSON.stringify(String(v))}`).join("\n");
    return entries.map(([k, v]) => `- Name: ${k}\n  Value: ${JSON.stringify(String(v))}`).join("\n");
};
function environment(missing) {
    const env = new nunjucks_1.default.Environment(null, { autoescape: false, throwOnUndefined: true });
    // Top-level names are looked up in globals when the context lacks them: an unknown one is remembered.
    const globals = env.globals;
    env.globals = new Proxy(globals, {
        has: () => true,
        get(target, key) {
            if (typeof key === "string" && !(key in target))
                missing.last = key;
            return Reflect.get(target, key);
        },
    });
    env.addFilter("proton_cfn_ecs_task_definition_formatted_env_vars", (o) => envVars(o, "ecs"));
    env.addFilter("proton_cfn_lambda_function_formatted_env_vars", (o) => envVars(o, "lambda"));
    env.addFilter("proton_cfn_iam_policy_arns", (o) => Object.values((0, spec_1.isMap)(o) ? o : {})
        .map(String)
        .filter((v) => /^arn:[a-zA-Z-]+:iam::\d{12}:policy\/.+/.test(v))
        .map((v) => `- ${v}`)
        .join("\n"));
    return env;
}
/** Renders one Jinja template; a mistake becomes a RenderError naming file, line and the missing name. */
function renderJinja(text, file, parameters) {
    const missing = {};
    const env = environment(missing);
    const context = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, watched(v, k, missing)]));
    try {
        return new nunjucks_1.default.Template(text, env, file, true).render(context);
    }
    catch (e) {
        const message = e.message;
        const line = /\[Line (\d+)/.exec(message)?.[1];
        const cause = message.split("\n").slice(-1)[0].trim();
        const at = line ? `${file} line ${line}` : file;
        if (/undefined value/.test(cause) && missing.last)
            throw new RenderError(`${at}: '${missing.last}' is undefined`);
        throw new RenderError(`${at}: ${cause}`);
    }
}
/** Terraform's variable declarations Proton generates for the namespaces it passes. */
function terraformVariables(parameters) {
    const typeOf = (v) => {
        if (Array.isArray(v))
            return `list(${v.length ? typeOf(v[0]) : "string"})`;
        if ((0, spec_1.isMap)(v)) {
            const fields = Object.entries(v).map(([k, x]) => `${k} = ${k === "inputs" || k === "outputs" ? "map(string)" : typeOf(x)}`);
            return `object({\n    ${fields.join("\n    ")}\n  })`;
        }
        return typeof v === "number" ? "number" : typeof v === "boolean" ? "bool" : "string";
    };
    const blocks = Object.entries(parameters).map(([name, v]) => `variable "${name}" {\n  type = ${typeOf(v)}\n}\n`);
    blocks.push(`variable "proton_tags" {\n  type = map(string)\n  default = null\n}\n`);
    return blocks.join("\n");
}
/** Renders a list of template files already in hand (a bundle folder's, or a component's one file). */
function renderFiles(templates, read, request) {
    const terraform = templates.some((t) => t.language === "terraform");
    if (terraform) {
        const files = templates
            .flatMap((t) => read(t.file))
            .map((f) => ({
            // The provisioning repository holds the files themselves, without the bundle's folder.
            path: `${request.folder}/${f.path.split("/").pop()}`,
            content: f.content,
        }));
        files.push({
            path: `${request.folder}/proton.${request.kind}.variables.tf`,
            content: terraformVariables(request.parameters),
        }, {
            path: `${request.folder}/proton.auto.tfvars.json`,
            content: `${JSON.stringify({ ...request.parameters, proton_tags: request.tags }, null, 2)}\n`,
        });
        return { engine: "TERRAFORM", files, outputs: [], resources: [] };
    }
    const files = [];
    const outputs = [];
    const resources = [];
    for (const t of templates)
        for (const f of read(t.file)) {
            const content = t.engine === "jinja" ? renderJinja(f.content, f.path, request.parameters) : f.content;
            files.push({ path: f.path, content });
            let parsed;
            try {
                parsed = (0, cloudformation_1.parseTemplate)(content, f.path);
            }
            catch (e) {
                throw new RenderError(e.message);
            }
            const results = (0, cloudformation_1.stackResults)(parsed, request.identity);
            outputs.push(...results.outputs);
            resources.push(...results.resources);
        }
    return { engine: "CLOUDFORMATION", files, outputs, resources };
}
/**
 * Renders one folder of a bundle (`infrastructure`, `instance_infrastructure`, `pipeline_infrastructure`)
 * from the bundle's files (relative path -> text). Undefined when the bundle has no such folder.
 */
function renderBundleFolder(bundle, folder, request) {
    const manifest = bundle.get(`${folder}/manifest.yaml`);
    if (manifest === undefined)
        return undefined;
    const templates = manifestTemplates(manifest, `${folder}/manifest.yaml`);
    const read = (file) => {
        const names = file === "*"
            ? [...bundle.keys()].filter((p) => p.startsWith(`${folder}/`) &&
                !p.slice(folder.length + 1).includes("/") &&
                p !== `${folder}/manifest.yaml`)
            : [`${folder}/${file}`];
        return names.map((path) => {
            const content = bundle.get(path);
            if (content === undefined)
                throw new RenderError(`${folder}/manifest.yaml names ${file}, which the bundle lacks`);
            return { path, content };
        });
    };
    return renderFiles(templates, read, request);
}
/** Renders a directly defined component: its one template file and its manifest. */
function renderComponent(templateFile, manifest, request) {
    const templates = manifestTemplates(manifest, "the component manifest");
    const language = templates[0].language;
    const name = language === "terraform" ? "main.tf" : "cloudformation.yaml";
    return renderFiles(templates.slice(0, 1), () => [{ path: name, content: templateFile }], request);
}
