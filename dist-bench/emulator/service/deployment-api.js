"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deploymentOps = void 0;
const deployment_history_1 = require("./deployment-history");
const environments_1 = require("./environments");
const outputs_1 = require("./outputs");
const pagination_1 = require("./pagination");
const render_1 = require("./render");
const services_1 = require("./services");
const templates_1 = require("./templates");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
// Deployment history (Get/List/DeleteDeployment), the account's resource counts, and the status
// notifications through which self-managed provisioning settles its deployments.
function renderDeployment(r, summary = false) {
    return (0, render_1.clean)({
        id: r.id,
        arn: r.arn,
        targetArn: r.targetArn,
        targetResourceCreatedAt: (0, render_1.seconds)(r.targetResourceCreatedAt),
        targetResourceType: r.targetResourceType,
        environmentName: r.environmentName,
        serviceName: r.serviceName,
        serviceInstanceName: r.serviceInstanceName,
        componentName: r.componentName,
        deploymentStatus: r.deploymentStatus,
        deploymentStatusMessage: summary ? undefined : r.deploymentStatusMessage,
        createdAt: (0, render_1.seconds)(r.createdAt),
        lastModifiedAt: (0, render_1.seconds)(r.lastModifiedAt),
        completedAt: r.completedAt === undefined ? undefined : (0, render_1.seconds)(r.completedAt),
        lastAttemptedDeploymentId: r.lastAttemptedDeploymentId,
        lastSucceededDeploymentId: r.lastSucceededDeploymentId,
        initialState: summary ? undefined : r.initialState,
        targetState: summary ? undefined : r.targetState,
    });
}
/** Checks the names a request narrows to exist, as Proton does (ResourceNotFoundException otherwise). */
function checkNames(b, input) {
    if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
        throw (0, errors_1.validation)("serviceInstanceName needs serviceName");
    if (input.environmentName !== undefined)
        (0, environments_1.getEnvironment)(b, input.environmentName);
    if (input.serviceName !== undefined)
        (0, services_1.getService)(b, input.serviceName);
    if (input.serviceInstanceName !== undefined &&
        !b.state.instances[(0, state_1.instanceKey)(input.serviceName, input.serviceInstanceName)])
        throw (0, errors_1.notFound)(`The service instance '${input.serviceName}/${input.serviceInstanceName}' does not exist`);
    if (input.componentName !== undefined)
        (0, outputs_1.getComponent)(b, input.componentName);
}
const matches = (r, input) => (input.environmentName === undefined || r.environmentName === input.environmentName) &&
    (input.serviceName === undefined || r.serviceName === input.serviceName) &&
    (input.serviceInstanceName === undefined || r.serviceInstanceName === input.serviceInstanceName) &&
    (input.componentName === undefined || r.componentName === input.componentName);
function getRecord(b, id) {
    const r = b.state.deployments[id];
    if (!r)
        throw (0, errors_1.notFound)(`The deployment '${id}' does not exist`);
    return r;
}
function staleness(b, d) {
    const rec = (0, templates_1.recommendedVersion)(b, "SERVICE", d.templateName);
    if (!rec)
        return "upToDate";
    if (Number(d.templateMajorVersion) < rec.major)
        return "behindMajor";
    if (Number(d.templateMajorVersion) === rec.major && Number(d.templateMinorVersion) < rec.minor)
        return "behindMinor";
    return "upToDate";
}
function countsOf(b, items, failed) {
    const counts = { total: items.length, failed: 0, upToDate: 0, behindMajor: 0, behindMinor: 0 };
    for (const d of items) {
        counts[staleness(b, d)]++;
        if (failed(d))
            counts.failed++;
    }
    return counts;
}
exports.deploymentOps = {
    GetDeployment: (b, input) => {
        if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
            throw (0, errors_1.validation)("serviceInstanceName needs serviceName");
        const r = getRecord(b, input.id);
        if (!matches(r, input))
            throw (0, errors_1.notFound)(`The deployment '${r.id}' does not exist for the resource named`);
        return { deployment: renderDeployment(r) };
    },
    ListDeployments: (b, input) => {
        checkNames(b, input);
        const all = Object.values(b.state.deployments)
            .filter((r) => matches(r, input))
            .sort((x, y) => y.createdAt - x.createdAt || x.id.localeCompare(y.id));
        const { page, nextToken } = (0, pagination_1.paginate)("ListDeployments", all, input);
        return {
            deployments: page.map((r) => renderDeployment(r, true)),
            ...(nextToken ? { nextToken } : {}),
        };
    },
    DeleteDeployment: (b, input) => {
        const id = input.id;
        if (!b.state.deployments[id] && b.state.tombstones[`deployment/${id}`])
            return {};
        const r = getRecord(b, id);
        if (r.deploymentStatus === "IN_PROGRESS" || r.deploymentStatus === "CANCELLING")
            throw (0, errors_1.validation)(`The deployment '${id}' is ${r.deploymentStatus} and can't be deleted`);
        const target = (0, deployment_history_1.deploymentTargets)(b).find((t) => t.arn === r.targetArn);
        if (target?.d.lastSucceededDeploymentId === id)
            throw (0, errors_1.validation)(`The deployment '${id}' is the last successful deployment of ${r.targetArn} and can't be deleted`);
        delete b.state.deployments[id];
        b.state.tombstones[`deployment/${id}`] = b.now();
        return { deployment: renderDeployment(r) };
    },
    GetResourcesSummary: (b) => {
        const s = b.state;
        const templates = Object.values(s.templates);
        const instances = Object.values(s.instances);
        const pipelines = Object.values(s.services).flatMap((x) => (x.pipeline ? [x.pipeline] : []));
        const failed = (d) => d.deploymentStatus === "FAILED";
        const services = Object.values(s.services);
        const serviceCounts = countsOf(b, [], failed);
        serviceCounts.total = services.length;
        for (const svc of services) {
            const own = instances.filter((i) => i.serviceName === svc.name).map((i) => staleness(b, i));
            const worst = own.includes("behindMajor")
                ? "behindMajor"
                : own.includes("behindMinor")
                    ? "behindMinor"
                    : "upToDate";
            serviceCounts[worst] = (serviceCounts[worst] ?? 0) + 1;
            if (svc.status.includes("FAILED"))
                serviceCounts.failed = (serviceCounts.failed ?? 0) + 1;
        }
        const components = Object.values(s.components);
        return {
            counts: {
                components: { total: components.length, failed: components.filter(failed).length },
                environments: { total: Object.keys(s.environments).length },
                environmentTemplates: { total: templates.filter((t) => t.kind === "ENVIRONMENT").length },
                serviceTemplates: { total: templates.filter((t) => t.kind === "SERVICE").length },
                services: serviceCounts,
                serviceInstances: countsOf(b, instances, failed),
                pipelines: countsOf(b, pipelines, failed),
            },
        };
    },
    NotifyResourceDeploymentStatusChange: (b, input) => {
        const target = (0, deployment_history_1.deploymentTargets)(b).find((t) => t.arn === input.resourceArn);
        if (!target)
            throw (0, errors_1.notFound)(`The resource '${input.resourceArn}' does not exist`);
        if (!target.selfManaged)
            throw (0, errors_1.validation)(`The resource '${input.resourceArn}' is not provisioned by its owner (self-managed provisioning)`);
        const { d } = target;
        const id = input.deploymentId ?? d.lastAttemptedDeploymentId;
        const record = b.state.deployments[id];
        if (!record || record.targetArn !== target.arn)
            throw (0, errors_1.notFound)(`The deployment '${id}' of '${input.resourceArn}' does not exist`);
        const waiting = id === d.lastAttemptedDeploymentId && d.pending?.kind === "deploy";
        if (!waiting)
            throw (0, errors_1.conflict)(`The deployment '${id}' of '${input.resourceArn}' is not in progress`);
        if (input.outputs)
            record.outputs = input.outputs.map((o) => ({
                key: o.key,
                valueString: o.valueString,
            }));
        if (input.statusMessage !== undefined)
            record.deploymentStatusMessage = input.statusMessage;
        record.lastModifiedAt = b.now();
        const pending = d.pending;
        if (input.status === "SUCCEEDED" || input.status === "FAILED") {
            if (input.status === "FAILED")
                pending.failWith = input.statusMessage || "The self-managed deployment failed";
            // Settled: the state machine finishes it on its next step.
            pending.dueAt = b.now();
        }
        else
            pending.dueAt = deployment_history_1.AWAITING_NOTIFICATION;
        return {};
    },
};
