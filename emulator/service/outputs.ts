import type {
  ListComponentOutputsCommandInput,
  ListComponentOutputsCommandOutput,
  ListComponentProvisionedResourcesCommandInput,
  ListComponentProvisionedResourcesCommandOutput,
  ListEnvironmentOutputsCommandInput,
  ListEnvironmentOutputsCommandOutput,
  ListEnvironmentProvisionedResourcesCommandInput,
  ListEnvironmentProvisionedResourcesCommandOutput,
  ListServiceInstanceOutputsCommandInput,
  ListServiceInstanceOutputsCommandOutput,
  ListServiceInstanceProvisionedResourcesCommandInput,
  ListServiceInstanceProvisionedResourcesCommandOutput,
  ListServicePipelineOutputsCommandInput,
  ListServicePipelineOutputsCommandOutput,
  ListServicePipelineProvisionedResourcesCommandInput,
  ListServicePipelineProvisionedResourcesCommandOutput,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { getEnvironment } from "./environments";
import { getService } from "./services";
import { instanceKey, type DeploymentFields, type DeploymentRecord } from "./state";
import type { Wire } from "./wire";
import { notFound, validation } from "../protocol/errors";

// Outputs and provisioned resources come from the deployments' rendered templates: outputs of the last
// successful deployment (or of the one asked for), resources of the last successful deployment.

function deploymentOf(
  b: Backend,
  d: DeploymentFields & { arn: string },
  what: string,
  deploymentId?: string,
): DeploymentRecord | undefined {
  if (deploymentId === undefined)
    return d.lastSucceededDeploymentId ? b.state.deployments[d.lastSucceededDeploymentId] : undefined;
  const r = b.state.deployments[deploymentId];
  if (r?.targetArn !== d.arn) throw notFound(`The deployment '${deploymentId}' of ${what} does not exist`);
  return r;
}

const outputsOf = (r: DeploymentRecord | undefined) => ({ outputs: r?.outputs.map((o) => ({ ...o })) ?? [] });
const resourcesOf = (r: DeploymentRecord | undefined) => ({
  provisionedResources: r?.resources.map((x) => ({ ...x })) ?? [],
});

function instance(b: Backend, serviceName: string, name: string) {
  getService(b, serviceName);
  const i = b.state.instances[instanceKey(serviceName, name)];
  if (!i) throw notFound(`The service instance '${serviceName}/${name}' does not exist`);
  return i;
}

function pipeline(b: Backend, serviceName: string) {
  const s = getService(b, serviceName);
  if (!s.pipeline) throw validation(`The service '${s.name}' has no pipeline`);
  return s.pipeline;
}

export function getComponent(b: Backend, name: string) {
  const c = b.state.components[name];
  if (!c) throw notFound(`The component '${name}' does not exist`);
  return c;
}

export const outputOps = {
  ListEnvironmentOutputs: (
    b: Backend,
    input: ListEnvironmentOutputsCommandInput,
  ): Wire<ListEnvironmentOutputsCommandOutput> => {
    const e = getEnvironment(b, input.environmentName as string);
    return outputsOf(deploymentOf(b, e, `environment '${e.name}'`, input.deploymentId));
  },

  ListEnvironmentProvisionedResources: (
    b: Backend,
    input: ListEnvironmentProvisionedResourcesCommandInput,
  ): Wire<ListEnvironmentProvisionedResourcesCommandOutput> =>
    resourcesOf(deploymentOf(b, getEnvironment(b, input.environmentName as string), "")),

  ListServiceInstanceOutputs: (
    b: Backend,
    input: ListServiceInstanceOutputsCommandInput,
  ): Wire<ListServiceInstanceOutputsCommandOutput> => {
    const i = instance(b, input.serviceName as string, input.serviceInstanceName as string);
    return outputsOf(deploymentOf(b, i, `service instance '${i.serviceName}/${i.name}'`, input.deploymentId));
  },

  ListServiceInstanceProvisionedResources: (
    b: Backend,
    input: ListServiceInstanceProvisionedResourcesCommandInput,
  ): Wire<ListServiceInstanceProvisionedResourcesCommandOutput> =>
    resourcesOf(
      deploymentOf(b, instance(b, input.serviceName as string, input.serviceInstanceName as string), ""),
    ),

  ListServicePipelineOutputs: (
    b: Backend,
    input: ListServicePipelineOutputsCommandInput,
  ): Wire<ListServicePipelineOutputsCommandOutput> =>
    outputsOf(
      deploymentOf(
        b,
        pipeline(b, input.serviceName as string),
        `the pipeline of '${input.serviceName}'`,
        input.deploymentId,
      ),
    ),

  ListServicePipelineProvisionedResources: (
    b: Backend,
    input: ListServicePipelineProvisionedResourcesCommandInput,
  ): Wire<ListServicePipelineProvisionedResourcesCommandOutput> =>
    resourcesOf(deploymentOf(b, pipeline(b, input.serviceName as string), "")),
  ListComponentOutputs: (
    b: Backend,
    input: ListComponentOutputsCommandInput,
  ): Wire<ListComponentOutputsCommandOutput> => {
    const c = getComponent(b, input.componentName as string);
    return outputsOf(deploymentOf(b, c, `component '${c.name}'`, input.deploymentId));
  },

  ListComponentProvisionedResources: (
    b: Backend,
    input: ListComponentProvisionedResourcesCommandInput,
  ): Wire<ListComponentProvisionedResourcesCommandOutput> =>
    resourcesOf(deploymentOf(b, getComponent(b, input.componentName as string), "")),
};
