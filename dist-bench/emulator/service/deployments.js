"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.assertNotBusy = assertNotBusy;
exports.startDeployment = startDeployment;
exports.startCancel = startCancel;
exports.startDelete = startDelete;
exports.progressDeployable = progressDeployable;
exports.newDeployable = newDeployable;
exports.targetVersion = targetVersion;
const errors_1 = require("../protocol/errors");
const BUSY = new Set(["IN_PROGRESS", "CANCELLING", "DELETE_IN_PROGRESS"]);
function assertNotBusy(d, what) {
    if (BUSY.has(d.deploymentStatus))
        throw (0, errors_1.conflict)(`${what} can't be changed while its deployment is ${d.deploymentStatus}`);
}
function startDeployment(b, d, resource, target) {
    d.deploymentStatus = "IN_PROGRESS";
    delete d.deploymentStatusMessage;
    d.lastDeploymentAttemptedAt = b.now();
    d.lastAttemptedDeploymentId = b.uuid();
    d.target = target;
    d.pending = b.schedule("deploy", "deployment", resource);
}
function startCancel(b, d, resource, what) {
    if (d.deploymentStatus !== "IN_PROGRESS")
        throw (0, errors_1.validation)(`${what} has no deployment in progress to cancel (status ${d.deploymentStatus})`);
    d.deploymentStatus = "CANCELLING";
    d.pending = b.schedule("cancel", "cancellation", resource);
}
function startDelete(b, d, resource) {
    d.deploymentStatus = "DELETE_IN_PROGRESS";
    delete d.deploymentStatusMessage;
    d.pending = b.schedule("delete", "deletion", resource);
}
/** Applies due work to one deployable; the caller removes the record on "deleted". */
function progressDeployable(b, d, now) {
    const p = d.pending;
    const phase = p?.kind === "delete" ? "deletion" : p?.kind === "cancel" ? "cancellation" : "deployment";
    if (!b.isDue(p, phase, now))
        return "none";
    delete d.pending;
    const target = d.target;
    delete d.target;
    if (p.kind === "delete") {
        if (p.failWith === undefined) {
            // A record that outlives its deletion (the pipeline of a service whose own deletion then fails)
            // must not stay DELETE_IN_PROGRESS: that read as busy forever and refused a retried DeleteService.
            d.deploymentStatus = "DELETE_COMPLETE";
            return "deleted";
        }
        d.deploymentStatus = "DELETE_FAILED";
        d.deploymentStatusMessage = p.failWith;
        return "delete-failed";
    }
    if (p.kind === "cancel") {
        d.deploymentStatus = "CANCELLED";
        d.deploymentStatusMessage = "Deployment was cancelled";
        return "cancelled";
    }
    if (p.failWith !== undefined) {
        d.deploymentStatus = "FAILED";
        d.deploymentStatusMessage = p.failWith;
        return "failed";
    }
    if (target) {
        d.templateMajorVersion = target.templateMajorVersion;
        d.templateMinorVersion = target.templateMinorVersion;
        if (target.spec !== undefined)
            d.spec = target.spec;
    }
    d.deploymentStatus = "SUCCEEDED";
    d.lastDeploymentSucceededAt = now;
    d.lastSucceededDeploymentId = d.lastAttemptedDeploymentId;
    return "succeeded";
}
/** Fresh deployment fields for a resource created at `now` that starts deploying right away. */
function newDeployable(b, resource, template) {
    const now = b.now();
    const id = b.uuid();
    return {
        deploymentStatus: "IN_PROGRESS",
        lastDeploymentAttemptedAt: now,
        lastDeploymentSucceededAt: now,
        lastAttemptedDeploymentId: id,
        templateName: template.templateName,
        templateMajorVersion: template.templateMajorVersion,
        templateMinorVersion: template.templateMinorVersion,
        spec: template.spec,
        pending: b.schedule("deploy", "deployment", resource),
    };
}
/**
 * Resolves the template version an update deploys, following the deploymentType rules:
 * NONE and CURRENT_VERSION keep the version; MINOR_VERSION stays in the major; MAJOR_VERSION moves up.
 */
function targetVersion(current, input, recommended, what) {
    const { deploymentType, templateMajorVersion: major, templateMinorVersion: minor } = input;
    if (deploymentType === "NONE" || deploymentType === "CURRENT_VERSION") {
        if (major !== undefined || minor !== undefined)
            throw (0, errors_1.validation)(`${what}: deploymentType ${deploymentType} must not set templateMajorVersion or templateMinorVersion`);
        return {
            templateMajorVersion: current.templateMajorVersion,
            templateMinorVersion: current.templateMinorVersion,
        };
    }
    if (deploymentType === "MINOR_VERSION") {
        if (major !== undefined && major !== current.templateMajorVersion)
            throw (0, errors_1.validation)(`${what}: deploymentType MINOR_VERSION must stay in major version ${current.templateMajorVersion}; use MAJOR_VERSION`);
        const m = minor ?? recommended.minorOf(current.templateMajorVersion);
        if (m === undefined)
            throw (0, errors_1.validation)(`${what}: major version ${current.templateMajorVersion} has no published minor version`);
        return { templateMajorVersion: current.templateMajorVersion, templateMinorVersion: m };
    }
    // MAJOR_VERSION
    let target = major === undefined ? undefined : { major, minor: minor ?? recommended.minorOf(major) };
    if (!target)
        target = recommended.latest();
    if (!target || target.minor === undefined)
        throw (0, errors_1.validation)(`${what}: no published version to move to`);
    if (Number(target.major) <= Number(current.templateMajorVersion))
        throw (0, errors_1.validation)(`${what}: deploymentType MAJOR_VERSION needs a major version above ${current.templateMajorVersion}`);
    return { templateMajorVersion: target.major, templateMinorVersion: target.minor };
}
