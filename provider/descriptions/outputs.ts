import type { Output, ProtonClient } from "@aws-sdk/client-proton";

// Proton's outputs of a deployed resource (List*Outputs), as a key-to-value map resource output.

type OutputPages = AsyncIterable<{ outputs?: Output[] }>;

/** Every page of a List*Outputs paginator as one map. */
export async function outputMap(pages: OutputPages): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const page of pages)
    for (const o of page.outputs ?? []) found[o.key ?? ""] = o.valueString ?? "";
  return found;
}

export const paginatorConfig = (client: ProtonClient) => ({ client });
