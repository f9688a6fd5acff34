"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deploymentHealth = deploymentHealth;
exports.deploymentType = deploymentType;
exports.versionMembers = versionMembers;
// Health of anything with a Proton deployment status (environments, service instances, pipelines).
const BUSY = new Set(["IN_PROGRESS", "CANCELLING", "DELETE_IN_PROGRESS"]);
const FAILED = new Set(["FAILED", "CANCELLED", "DELETE_FAILED"]);
function deploymentHealth(d, who) {
    const status = String(d?.deploymentStatus ?? "");
    if (BUSY.has(status))
        return { state: "busy", status: who ? `${who} ${status}` : status };
    if (FAILED.has(status))
        return {
            state: "failed",
            status: who ? `${who} ${status}` : status,
            message: String(d?.deploymentStatusMessage ?? "no status message"),
        };
    return { state: "stable" };
}
/** The deployment type an update needs: a new major, a new minor, a redeploy, or none. */
function deploymentType(olds, news, specChanged) {
    if (news.templateMajorVersion !== olds.templateMajorVersion)
        return "MAJOR_VERSION";
    if (news.templateMinorVersion !== undefined && news.templateMinorVersion !== olds.templateMinorVersion)
        return "MINOR_VERSION";
    return specChanged ? "CURRENT_VERSION" : "NONE";
}
/** The version members to send with a deployment type (CURRENT_VERSION and NONE send none). */
function versionMembers(type, news) {
    if (type === "MAJOR_VERSION")
        return {
            templateMajorVersion: news.templateMajorVersion,
            templateMinorVersion: news.templateMinorVersion,
        };
    if (type === "MINOR_VERSION")
        return { templateMinorVersion: news.templateMinorVersion };
    return {};
}
