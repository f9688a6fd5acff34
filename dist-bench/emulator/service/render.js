"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.seconds = void 0;
exports.clean = clean;
exports.renderTemplate = renderTemplate;
exports.renderVersion = renderVersion;
exports.renderEnvironment = renderEnvironment;
exports.renderService = renderService;
exports.renderInstance = renderInstance;
exports.renderConnection = renderConnection;
// Turns records into the wire shapes of the API: epoch-second timestamps, no internal bookkeeping.
const seconds = (ms) => ms / 1000;
exports.seconds = seconds;
/** Drops undefined members so the JSON body never carries nulls. */
function clean(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
function renderTemplate(t, recommendedVersion) {
    return clean({
        name: t.name,
        arn: t.arn,
        createdAt: (0, exports.seconds)(t.createdAt),
        lastModifiedAt: (0, exports.seconds)(t.lastModifiedAt),
        displayName: t.displayName,
        description: t.description,
        recommendedVersion,
        encryptionKey: t.encryptionKey,
        [t.kind === "ENVIRONMENT" ? "provisioning" : "pipelineProvisioning"]: t.provisioning,
    });
}
function renderVersion(v, recommendedMinorVersion, summary = false) {
    return clean({
        templateName: v.templateName,
        majorVersion: String(v.major),
        minorVersion: String(v.minor),
        recommendedMinorVersion,
        status: v.status,
        statusMessage: v.statusMessage,
        description: v.description,
        arn: v.arn,
        createdAt: (0, exports.seconds)(v.createdAt),
        lastModifiedAt: (0, exports.seconds)(v.lastModifiedAt),
        ...(summary
            ? {}
            : {
                schema: v.schema,
                ...(v.kind === "SERVICE"
                    ? {
                        compatibleEnvironmentTemplates: v.compatibleEnvironmentTemplates ?? [],
                        supportedComponentSources: v.supportedComponentSources,
                    }
                    : {}),
            }),
    });
}
function deployment(d) {
    return {
        lastDeploymentAttemptedAt: (0, exports.seconds)(d.lastDeploymentAttemptedAt),
        lastDeploymentSucceededAt: (0, exports.seconds)(d.lastDeploymentSucceededAt),
        templateName: d.templateName,
        templateMajorVersion: d.templateMajorVersion,
        templateMinorVersion: d.templateMinorVersion,
        deploymentStatus: d.deploymentStatus,
        deploymentStatusMessage: d.deploymentStatusMessage,
        lastAttemptedDeploymentId: d.lastAttemptedDeploymentId,
        lastSucceededDeploymentId: d.lastSucceededDeploymentId,
    };
}
function renderEnvironment(e, summary = false) {
    return clean({
        name: e.name,
        description: e.description,
        createdAt: (0, exports.seconds)(e.createdAt),
        arn: e.arn,
        ...deployment(e),
        protonServiceRoleArn: e.protonServiceRoleArn,
        environmentAccountConnectionId: e.environmentAccountConnectionId,
        environmentAccountId: e.environmentAccountId,
        spec: summary ? undefined : e.spec,
        provisioning: e.provisioning,
        provisioningRepository: summary ? undefined : e.provisioningRepository,
        componentRoleArn: e.componentRoleArn,
        codebuildRoleArn: summary ? undefined : e.codebuildRoleArn,
    });
}
function renderService(s, summary = false) {
    return clean({
        name: s.name,
        description: s.description,
        arn: s.arn,
        templateName: s.templateName,
        createdAt: (0, exports.seconds)(s.createdAt),
        lastModifiedAt: (0, exports.seconds)(s.lastModifiedAt),
        status: s.status,
        statusMessage: s.statusMessage,
        ...(summary
            ? {}
            : {
                spec: s.spec,
                pipeline: s.pipeline
                    ? clean({
                        arn: s.pipeline.arn,
                        createdAt: (0, exports.seconds)(s.pipeline.createdAt),
                        ...deployment(s.pipeline),
                        spec: s.pipeline.spec,
                    })
                    : undefined,
                repositoryConnectionArn: s.repositoryConnectionArn,
                repositoryId: s.repositoryId,
                branchName: s.branchName,
            }),
    });
}
function renderInstance(i, summary = false) {
    return clean({
        name: i.name,
        arn: i.arn,
        createdAt: (0, exports.seconds)(i.createdAt),
        serviceName: i.serviceName,
        environmentName: i.environmentName,
        ...deployment(i),
        spec: summary ? undefined : i.spec,
        lastClientRequestToken: summary ? undefined : i.lastClientRequestToken,
    });
}
function renderConnection(c, summary = false) {
    return clean({
        id: c.id,
        arn: c.arn,
        managementAccountId: c.managementAccountId,
        environmentAccountId: c.environmentAccountId,
        roleArn: c.roleArn,
        environmentName: c.environmentName,
        requestedAt: (0, exports.seconds)(c.requestedAt),
        lastModifiedAt: (0, exports.seconds)(c.lastModifiedAt),
        status: c.status,
        componentRoleArn: c.componentRoleArn,
        codebuildRoleArn: summary ? undefined : c.codebuildRoleArn,
    });
}
