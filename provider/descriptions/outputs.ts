import {
  paginateListServiceInstanceOutputs,
  paginateListServicePipelineOutputs,
  type Output,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { isNotFound } from "../engine/errors";

// Proton's outputs of a deployed resource (List*Outputs), as a key-to-value map resource output.

type OutputPages = AsyncIterable<{ outputs?: Output[] }>;

/** Every page of a List*Outputs paginator as one map (own members only, whatever the keys are). */
export async function outputMap(pages: OutputPages): Promise<Record<string, string>> {
  const found: [string, string][] = [];
  for await (const page of pages)
    for (const o of page.outputs ?? []) found.push([o.key ?? "", o.valueString ?? ""]);
  return Object.fromEntries(found);
}

export const paginatorConfig = (client: ProtonClient) => ({ client });

/** What a service's instances and pipeline produced: outputs by instance name, and the pipeline's. */
export interface ServiceOutputs {
  instanceOutputs: Record<string, Record<string, string>>;
  pipelineOutputs: Record<string, string>;
}

/**
 * The outputs of every instance listed (one removed since is left out) and of the pipeline, if the service
 * has one (an empty map otherwise).
 */
export async function serviceOutputs(
  client: ProtonClient,
  serviceName: string,
  instanceNames: string[],
  hasPipeline: boolean,
): Promise<ServiceOutputs> {
  const config = paginatorConfig(client);
  const ofInstance = async (serviceInstanceName: string): Promise<[string, Record<string, string>][]> => {
    try {
      const pages = paginateListServiceInstanceOutputs(config, { serviceName, serviceInstanceName });
      return [[serviceInstanceName, await outputMap(pages)]];
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  };
  const [instances, pipelineOutputs] = await Promise.all([
    Promise.all(instanceNames.map(ofInstance)),
    hasPipeline ? outputMap(paginateListServicePipelineOutputs(config, { serviceName })) : {},
  ]);
  return { instanceOutputs: Object.fromEntries(instances.flat()), pipelineOutputs };
}
