import type { DeploymentUpdateType } from "@aws-sdk/client-proton";
import type { Health } from "../engine/description";

// Health of anything with a Proton deployment status (environments, service instances, pipelines).

const BUSY = new Set(["IN_PROGRESS", "CANCELLING", "DELETE_IN_PROGRESS"]);
const FAILED = new Set(["FAILED", "CANCELLED", "DELETE_FAILED"]);

/** What every deployed Proton resource reports about its last deployment. */
export interface Deployed {
  deploymentStatus?: string;
  deploymentStatusMessage?: string;
}

export function deploymentHealth(d: Deployed | undefined, who: string): Health {
  const status = d?.deploymentStatus ?? "";
  if (BUSY.has(status)) return { state: "busy", status: who ? `${who} ${status}` : status };
  if (FAILED.has(status))
    return {
      state: "failed",
      status: who ? `${who} ${status}` : status,
      message: d?.deploymentStatusMessage ?? "no status message",
    };
  return { state: "stable" };
}

/** The template version a deployed resource is asked to run. */
export interface VersionArgs {
  templateMajorVersion?: string;
  templateMinorVersion?: string;
}

/** The deployment type an update needs: a new major, a new minor, a redeploy, or none. */
export function deploymentType(
  olds: VersionArgs,
  news: VersionArgs,
  specChanged: boolean,
): DeploymentUpdateType {
  if (news.templateMajorVersion !== olds.templateMajorVersion) return "MAJOR_VERSION";
  if (news.templateMinorVersion !== undefined && news.templateMinorVersion !== olds.templateMinorVersion)
    return "MINOR_VERSION";
  return specChanged ? "CURRENT_VERSION" : "NONE";
}

/** The version members to send with a deployment type (CURRENT_VERSION and NONE send none). */
export function versionMembers(type: DeploymentUpdateType, news: VersionArgs): VersionArgs {
  if (type === "MAJOR_VERSION")
    return {
      templateMajorVersion: news.templateMajorVersion,
      templateMinorVersion: news.templateMinorVersion,
    };
  if (type === "MINOR_VERSION") return { templateMinorVersion: news.templateMinorVersion };
  return {};
}
