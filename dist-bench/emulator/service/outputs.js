"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.outputOps = void 0;
exports.getComponent = getComponent;
const environments_1 = require("./environments");
const services_1 = require("./services");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
// Outputs and provisioned resources come from the deployments' rendered templates: outputs of the last
// successful deployment (or of the one asked for), resources of the last successful deployment.
function deploymentOf(b, d, what, deploymentId) {
    if (deploymentId === undefined)
        return d.lastSucceededDeploymentId ? b.state.deployments[d.lastSucceededDeploymentId] : undefined;
    const r = b.state.deployments[deploymentId];
    if (r?.targetArn !== d.arn)
        throw (0, errors_1.notFound)(`The deployment '${deploymentId}' of ${what} does not exist`);
    return r;
}
const outputsOf = (r) => ({ outputs: r?.outputs.map((o) => ({ ...o })) ?? [] });
const resourcesOf = (r) => ({
    provisionedResources: r?.resources.map((x) => ({ ...x })) ?? [],
});
function instance(b, serviceName, name) {
    (0, services_1.getService)(b, serviceName);
    const i = b.state.instances[(0, state_1.instanceKey)(serviceName, name)];
    if (!i)
        throw (0, errors_1.notFound)(`The service instance '${serviceName}/${name}' does not exist`);
    return i;
}
function pipeline(b, serviceName) {
    const s = (0, services_1.getService)(b, serviceName);
    if (!s.pipeline)
        throw (0, errors_1.validation)(`The service '${s.name}' has no pipeline`);
    return s.pipeline;
}
function getComponent(b, name) {
    const c = b.state.components[name];
    if (!c)
        throw (0, errors_1.notFound)(`The component '${name}' does not exist`);
    return c;
}
exports.outputOps = {
    ListEnvironmentOutputs: (b, input) => {
        const e = (0, environments_1.getEnvironment)(b, input.environmentName);
        return outputsOf(deploymentOf(b, e, `environment '${e.name}'`, input.deploymentId));
    },
    ListEnvironmentProvisionedResources: (b, input) => resourcesOf(deploymentOf(b, (0, environments_1.getEnvironment)(b, input.environmentName), "")),
    ListServiceInstanceOutputs: (b, input) => {
        const i = instance(b, input.serviceName, input.serviceInstanceName);
        return outputsOf(deploymentOf(b, i, `service instance '${i.serviceName}/${i.name}'`, input.deploymentId));
    },
    ListServiceInstanceProvisionedResources: (b, input) => resourcesOf(deploymentOf(b, instance(b, input.serviceName, input.serviceInstanceName), "")),
    ListServicePipelineOutputs: (b, input) => outputsOf(deploymentOf(b, pipeline(b, input.serviceName), `the pipeline of '${input.serviceName}'`, input.deploymentId)),
    ListServicePipelineProvisionedResources: (b, input) => resourcesOf(deploymentOf(b, pipeline(b, input.serviceName), "")),
};
