import nunjucks from "nunjucks";
import { parse } from "yaml";
import { isMap } from "../../common/spec";
import {
  parseTemplate,
  stackResults,
  type Output,
  type ProvisionedResource,
  type StackIdentity,
} from "./cloudformation";
import { valueText } from "./text";

// Renders infrastructure as code the way Proton does: CloudFormation files through a Jinja-compatible
// engine (nunjucks) with Proton's parameter namespaces, where a name the parameters don't hold fails the
// rendering; Terraform files as they are, plus the variable files Proton generates for them.

export interface RenderedFile {
  path: string;
  content: string;
}

export interface Rendering {
  engine: "CLOUDFORMATION" | "TERRAFORM";
  files: RenderedFile[];
  outputs: Output[];
  resources: ProvisionedResource[];
}

/** A template Proton could not render; the message names the file, the line and the missing name. */
export class RenderError extends Error {}

/** The parameter namespaces one deployment renders with (`environment`, `service_instance`, ...). */
export type Parameters = Record<string, unknown>;

/** What kind of resource a bundle folder or component file provisions, for Terraform's variable file name. */
export type ResourceKind = "environment" | "service_instance" | "service_pipeline" | "component";

interface ManifestTemplate {
  file: string;
  engine: string;
  language: string;
}

function manifestTemplates(text: string, where: string): ManifestTemplate[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new RenderError(`${where} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const templates = isMap(doc) && isMap(doc.infrastructure) ? doc.infrastructure.templates : undefined;
  if (!Array.isArray(templates) || templates.length === 0)
    throw new RenderError(`${where} lists no infrastructure.templates`);
  return templates.map((t: unknown, i) => {
    if (!isMap(t) || typeof t.file !== "string")
      throw new RenderError(`${where}: infrastructure.templates[${i}] has no file`);
    return {
      file: t.file,
      engine: valueText(t.rendering_engine ?? "jinja"),
      language: valueText(t.template_language ?? "cloudformation"),
    };
  });
}

/**
 * Wraps the parameters so a name they don't hold is remembered: nunjucks only reports "undefined value"
 * with a position, and Proton's message names what was missing.
 */
function watched(value: unknown, path: string, missing: { last?: string }): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return new Proxy(value as Record<string, unknown>, {
    get(target, key) {
      if (typeof key !== "string") return Reflect.get(target, key) as unknown;
      if (!(key in target)) {
        missing.last = `${path}.${key}`;
        return undefined;
      }
      return watched(target[key], `${path}.${key}`, missing);
    },
  });
}

/** The YAML list Proton's `proton_cfn_*_env_vars` filters produce from a map of outputs. */
const envVars = (outputs: unknown, shape: "ecs" | "lambda") => {
  const entries = Object.entries(isMap(outputs) ? outputs : {});
  for (const [key] of entries)
    if (!/^[a-zA-Z0-9_-]*$/.test(key)) throw new Error(`output name '${key}' is not a valid variable name`);
  if (shape === "lambda") return entries.map(([k, v]) => `${k}: ${JSON.stringify(String(v))}`).join("\n");
  return entries.map(([k, v]) => `- Name: ${k}\n  Value: ${JSON.stringify(String(v))}`).join("\n");
};

function environment(missing: { last?: string }): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  // Top-level names are looked up in globals when the context lacks them: an unknown one is remembered.
  const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
  (env as unknown as { globals: object }).globals = new Proxy(globals, {
    has: () => true,
    get(target, key) {
      if (typeof key === "string" && !(key in target)) missing.last = key;
      return Reflect.get(target, key) as unknown;
    },
  });
  env.addFilter("proton_cfn_ecs_task_definition_formatted_env_vars", (o: unknown) => envVars(o, "ecs"));
  env.addFilter("proton_cfn_lambda_function_formatted_env_vars", (o: unknown) => envVars(o, "lambda"));
  env.addFilter("proton_cfn_iam_policy_arns", (o: unknown) =>
    Object.values(isMap(o) ? o : {})
      .map(String)
      .filter((v) => /^arn:[a-zA-Z-]+:iam::\d{12}:policy\/.+/.test(v))
      .map((v) => `- ${v}`)
      .join("\n"),
  );
  return env;
}

/** Renders one Jinja template; a mistake becomes a RenderError naming file, line and the missing name. */
export function renderJinja(text: string, file: string, parameters: Parameters): string {
  const missing: { last?: string } = {};
  const env = environment(missing);
  const context = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, watched(v, k, missing)]));
  try {
    return new nunjucks.Template(text, env, file, true).render(context);
  } catch (e) {
    const message = (e as Error).message;
    const line = /\[Line (\d+)/.exec(message)?.[1];
    const cause = message.split("\n").slice(-1)[0].trim();
    const at = line ? `${file} line ${line}` : file;
    if (/undefined value/.test(cause) && missing.last)
      throw new RenderError(`${at}: '${missing.last}' is undefined`);
    throw new RenderError(`${at}: ${cause}`);
  }
}

/** Terraform's variable declarations Proton generates for the namespaces it passes. */
function terraformVariables(parameters: Parameters): string {
  const typeOf = (v: unknown): string => {
    if (Array.isArray(v)) return `list(${v.length ? typeOf(v[0]) : "string"})`;
    if (isMap(v)) {
      const fields = Object.entries(v).map(
        ([k, x]) => `${k} = ${k === "inputs" || k === "outputs" ? "map(string)" : typeOf(x)}`,
      );
      return `object({\n    ${fields.join("\n    ")}\n  })`;
    }
    return typeof v === "number" ? "number" : typeof v === "boolean" ? "bool" : "string";
  };
  const blocks = Object.entries(parameters).map(
    ([name, v]) => `variable "${name}" {\n  type = ${typeOf(v)}\n}\n`,
  );
  blocks.push(`variable "proton_tags" {\n  type = map(string)\n  default = null\n}\n`);
  return blocks.join("\n");
}

export interface RenderRequest {
  kind: ResourceKind;
  parameters: Parameters;
  identity: StackIdentity;
  /** Where Proton puts the files in the provisioning repository (Terraform). */
  folder: string;
  tags: Record<string, string>;
}

/** Renders a list of template files already in hand (a bundle folder's, or a component's one file). */
export function renderFiles(
  templates: ManifestTemplate[],
  read: (file: string) => { path: string; content: string }[],
  request: RenderRequest,
): Rendering {
  const terraform = templates.some((t) => t.language === "terraform");
  if (terraform) {
    const files = templates
      .flatMap((t) => read(t.file))
      .map((f) => ({
        // The provisioning repository holds the files themselves, without the bundle's folder.
        path: `${request.folder}/${f.path.split("/").pop() as string}`,
        content: f.content,
      }));
    files.push(
      {
        path: `${request.folder}/proton.${request.kind}.variables.tf`,
        content: terraformVariables(request.parameters),
      },
      {
        path: `${request.folder}/proton.auto.tfvars.json`,
        content: `${JSON.stringify({ ...request.parameters, proton_tags: request.tags }, null, 2)}\n`,
      },
    );
    return { engine: "TERRAFORM", files, outputs: [], resources: [] };
  }
  const files: RenderedFile[] = [];
  const outputs: Output[] = [];
  const resources: ProvisionedResource[] = [];
  for (const t of templates)
    for (const f of read(t.file)) {
      const content = t.engine === "jinja" ? renderJinja(f.content, f.path, request.parameters) : f.content;
      files.push({ path: f.path, content });
      let parsed;
      try {
        parsed = parseTemplate(content, f.path);
      } catch (e) {
        throw new RenderError((e as Error).message);
      }
      const results = stackResults(parsed, request.identity);
      outputs.push(...results.outputs);
      resources.push(...results.resources);
    }
  return { engine: "CLOUDFORMATION", files, outputs, resources };
}

/**
 * Renders one folder of a bundle (`infrastructure`, `instance_infrastructure`, `pipeline_infrastructure`)
 * from the bundle's files (relative path -> text). Undefined when the bundle has no such folder.
 */
export function renderBundleFolder(
  bundle: Map<string, string>,
  folder: string,
  request: RenderRequest,
): Rendering | undefined {
  const manifest = bundle.get(`${folder}/manifest.yaml`);
  if (manifest === undefined) return undefined;
  const templates = manifestTemplates(manifest, `${folder}/manifest.yaml`);
  const read = (file: string) => {
    const names =
      file === "*"
        ? [...bundle.keys()].filter(
            (p) =>
              p.startsWith(`${folder}/`) &&
              !p.slice(folder.length + 1).includes("/") &&
              p !== `${folder}/manifest.yaml`,
          )
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
export function renderComponent(templateFile: string, manifest: string, request: RenderRequest): Rendering {
  const templates = manifestTemplates(manifest, "the component manifest");
  const language = templates[0].language;
  const name = language === "terraform" ? "main.tf" : "cloudformation.yaml";
  return renderFiles(templates.slice(0, 1), () => [{ path: name, content: templateFile }], request);
}
