import { parse } from "yaml";

// A directly defined component's manifest: YAML naming its infrastructure files, as Proton reads it
//   infrastructure:
//     templates:
//       - file: cloudformation.yaml
//         rendering_engine: jinja
//         template_language: cloudformation
// The provider judges it at preview and proton-local at CreateComponent with this same function.

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** What is wrong with a manifest ("manifest ..."), or undefined when it lists its template files. */
export function manifestProblem(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return `manifest is not valid YAML: ${(e as Error).message.split("\n")[0]}`;
  }
  const templates = isMap(doc) && isMap(doc.infrastructure) ? doc.infrastructure.templates : undefined;
  if (!Array.isArray(templates) || templates.length === 0)
    return "manifest must list infrastructure.templates (a YAML list of files, such as '- file: cloudformation.yaml')";
  const i = templates.findIndex((t) => !isMap(t) || typeof t.file !== "string" || t.file === "");
  if (i >= 0)
    return `manifest infrastructure.templates[${i}] must name its file ('file: cloudformation.yaml')`;
  return undefined;
}
