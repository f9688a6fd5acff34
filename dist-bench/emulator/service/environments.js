"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.environmentOps = void 0;
exports.getEnvironment = getEnvironment;
exports.progressEnvironments = progressEnvironments;
const backend_1 = require("./backend");
const deployments_1 = require("./deployments");
const idempotency_1 = require("./idempotency");
const pagination_1 = require("./pagination");
const render_1 = require("./render");
const specs_1 = require("./specs");
const templates_1 = require("./templates");
const errors_1 = require("../protocol/errors");
function getEnvironment(b, name) {
    const e = b.state.environments[name];
    if (!e)
        throw (0, errors_1.notFound)(`The environment '${name}' does not exist`);
    return e;
}
function checkSpec(b, spec, templateName, major, minor) {
    const { inputs } = (0, specs_1.parseEnvironmentSpec)(spec);
    const v = (0, templates_1.getVersion)(b, "ENVIRONMENT", templateName, major, minor);
    (0, specs_1.validateInputs)(v.schema, "environment_input_type", inputs, "The environment spec");
}
function checkConnection(b, id, environmentName) {
    const c = b.state.connections[id];
    if (!c)
        throw (0, errors_1.validation)(`The environment account connection '${id}' does not exist`);
    if (c.status !== "CONNECTED")
        throw (0, errors_1.validation)(`The environment account connection '${id}' is ${c.status}, not CONNECTED`);
    if (c.environmentName !== environmentName)
        throw (0, errors_1.validation)(`The environment account connection '${id}' is for environment '${c.environmentName}', not '${environmentName}'`);
    return c;
}
const repositoryBranch = (b, r) => ({
    arn: b.arn(`repository/${r.provider.toLowerCase()}:${r.name}`),
    provider: r.provider,
    name: r.name,
    branch: r.branch,
});
const recommendedFor = (b, templateName) => ({
    minorOf: (major) => {
        const m = (0, templates_1.recommendedMinor)(b, "ENVIRONMENT", templateName, Number(major));
        return m === undefined ? undefined : String(m);
    },
    latest: () => {
        const r = (0, templates_1.recommendedVersion)(b, "ENVIRONMENT", templateName);
        return r && { major: String(r.major), minor: String(r.minor) };
    },
});
exports.environmentOps = {
    CreateEnvironment: (b, input) => {
        const existing = b.state.environments[input.name];
        const { hash, existing: retry } = (0, idempotency_1.nameKeyedCreate)(existing, input, `The environment '${input.name}'`);
        if (retry)
            return { environment: (0, render_1.renderEnvironment)(existing) };
        const template = (0, templates_1.getTemplate)(b, "ENVIRONMENT", input.templateName);
        const version = (0, templates_1.resolveDeployableVersion)(b, "ENVIRONMENT", input.templateName, input.templateMajorVersion, input.templateMinorVersion);
        const major = String(version.major);
        const minor = String(version.minor);
        checkSpec(b, input.spec, input.templateName, major, minor);
        const selfManaged = template.provisioning === "CUSTOMER_MANAGED";
        if (selfManaged && !input.provisioningRepository)
            throw (0, errors_1.validation)("A self-managed environment (template provisioning CUSTOMER_MANAGED) needs provisioningRepository");
        if (!selfManaged && input.provisioningRepository)
            throw (0, errors_1.validation)("provisioningRepository is only for self-managed environments (template provisioning CUSTOMER_MANAGED)");
        if (!selfManaged && !input.protonServiceRoleArn && !input.environmentAccountConnectionId)
            throw (0, errors_1.validation)("An AWS-managed environment needs protonServiceRoleArn or environmentAccountConnectionId");
        if (input.protonServiceRoleArn && input.environmentAccountConnectionId)
            throw (0, errors_1.validation)("Give protonServiceRoleArn or environmentAccountConnectionId, not both");
        const connection = input.environmentAccountConnectionId
            ? checkConnection(b, input.environmentAccountConnectionId, input.name)
            : undefined;
        const e = {
            name: input.name,
            arn: b.arn(`environment/${input.name}`),
            description: input.description,
            createdAt: b.now(),
            ...(0, deployments_1.newDeployable)(b, input.name, {
                templateName: input.templateName,
                templateMajorVersion: major,
                templateMinorVersion: minor,
                spec: input.spec,
            }),
            protonServiceRoleArn: input.protonServiceRoleArn,
            environmentAccountConnectionId: input.environmentAccountConnectionId,
            environmentAccountId: connection ? connection.environmentAccountId : b.options.accountId,
            provisioning: selfManaged ? "CUSTOMER_MANAGED" : undefined,
            provisioningRepository: input.provisioningRepository
                ? repositoryBranch(b, input.provisioningRepository)
                : undefined,
            componentRoleArn: input.componentRoleArn,
            codebuildRoleArn: input.codebuildRoleArn,
            tags: (0, backend_1.copyTags)(input.tags),
            createHash: hash,
            modified: false,
        };
        b.state.environments[e.name] = e;
        delete b.state.tombstones[`environment/${e.name}`];
        return { environment: (0, render_1.renderEnvironment)(e) };
    },
    GetEnvironment: (b, input) => ({
        environment: (0, render_1.renderEnvironment)(getEnvironment(b, input.name)),
    }),
    UpdateEnvironment: (b, input) => {
        const e = getEnvironment(b, input.name);
        const what = `The environment '${e.name}'`;
        (0, deployments_1.assertNotBusy)(e, what);
        if (input.protonServiceRoleArn !== undefined && input.environmentAccountConnectionId !== undefined)
            throw (0, errors_1.validation)("UpdateEnvironment can change protonServiceRoleArn or environmentAccountConnectionId, not both in one call");
        if (input.environmentAccountConnectionId !== undefined) {
            if (!e.environmentAccountConnectionId)
                throw (0, errors_1.validation)(`${what} was not created with an environment account connection, so none can be attached`);
            checkConnection(b, input.environmentAccountConnectionId, e.name);
        }
        if (input.deploymentType === "NONE" && input.spec !== undefined)
            throw (0, errors_1.validation)("deploymentType NONE can't change the spec; use CURRENT_VERSION");
        const connectionId = input.environmentAccountConnectionId ?? e.environmentAccountConnectionId;
        if (input.deploymentType !== "NONE" && connectionId && !b.state.connections[connectionId])
            throw (0, errors_1.validation)(`${what} uses environment account connection '${connectionId}', which was deleted; accept a new connection and attach it with environmentAccountConnectionId`);
        const target = (0, deployments_1.targetVersion)(e, input, recommendedFor(b, e.templateName), what);
        if (input.deploymentType !== "NONE") {
            (0, templates_1.resolveDeployableVersion)(b, "ENVIRONMENT", e.templateName, target.templateMajorVersion, target.templateMinorVersion);
            checkSpec(b, input.spec ?? e.spec, e.templateName, target.templateMajorVersion, target.templateMinorVersion);
        }
        if (input.description !== undefined)
            e.description = input.description;
        if (input.protonServiceRoleArn !== undefined)
            e.protonServiceRoleArn = input.protonServiceRoleArn;
        if (input.environmentAccountConnectionId !== undefined)
            e.environmentAccountConnectionId = input.environmentAccountConnectionId;
        if (input.componentRoleArn !== undefined)
            e.componentRoleArn = input.componentRoleArn;
        if (input.codebuildRoleArn !== undefined)
            e.codebuildRoleArn = input.codebuildRoleArn;
        if (input.provisioningRepository !== undefined)
            e.provisioningRepository = repositoryBranch(b, input.provisioningRepository);
        e.modified = true;
        if (input.deploymentType !== "NONE")
            (0, deployments_1.startDeployment)(b, e, e.name, { ...target, spec: input.spec ?? e.spec });
        return { environment: (0, render_1.renderEnvironment)(e) };
    },
    DeleteEnvironment: (b, input) => {
        const e = b.state.environments[input.name];
        if (!e) {
            if (b.state.tombstones[`environment/${input.name}`])
                return {};
            throw (0, errors_1.notFound)(`The environment '${input.name}' does not exist`);
        }
        if (e.deploymentStatus === "DELETE_IN_PROGRESS")
            return { environment: (0, render_1.renderEnvironment)(e) };
        if (e.deploymentStatus === "IN_PROGRESS" || e.deploymentStatus === "CANCELLING")
            throw (0, errors_1.conflict)(`The environment '${e.name}' can't be deleted while its deployment is ${e.deploymentStatus}`);
        const instance = Object.values(b.state.instances).find((i) => i.environmentName === e.name);
        if (instance)
            throw (0, errors_1.conflict)(`The environment '${e.name}' has service instance '${instance.serviceName}/${instance.name}' deployed in it`);
        (0, deployments_1.startDelete)(b, e, e.name);
        return { environment: (0, render_1.renderEnvironment)(e) };
    },
    ListEnvironments: (b, input) => {
        let all = Object.values(b.state.environments).sort((x, y) => x.name.localeCompare(y.name));
        const filters = input.environmentTemplates;
        if (filters?.length) {
            for (const f of filters)
                (0, templates_1.getTemplate)(b, "ENVIRONMENT", f.templateName);
            all = all.filter((e) => filters.some((f) => f.templateName === e.templateName && f.majorVersion === e.templateMajorVersion));
        }
        const { page, nextToken } = (0, pagination_1.paginate)("ListEnvironments", all, input);
        return { environments: page.map((e) => (0, render_1.renderEnvironment)(e, true)), ...(nextToken ? { nextToken } : {}) };
    },
    CancelEnvironmentDeployment: (b, input) => {
        const e = getEnvironment(b, input.environmentName);
        (0, deployments_1.startCancel)(b, e, e.name, `The environment '${e.name}'`);
        return { environment: (0, render_1.renderEnvironment)(e) };
    },
};
/** Applies due deployments, cancellations and deletions of environments. */
function progressEnvironments(b, now) {
    for (const e of Object.values(b.state.environments)) {
        if ((0, deployments_1.progressDeployable)(b, e, now) === "deleted") {
            delete b.state.environments[e.name];
            b.state.tombstones[`environment/${e.name}`] = now;
        }
    }
}
