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

/** Orders two deployed versions by major, then minor, as numbers (a missing part sorts first). */
export function compareVersions(a: VersionArgs, b: VersionArgs): number {
  const n = (v: string | undefined) => (v === undefined ? -1 : Number(v));
  return (
    n(a.templateMajorVersion) - n(b.templateMajorVersion) ||
    n(a.templateMinorVersion) - n(b.templateMinorVersion)
  );
}

/**
 * A major version below the one deployed: MAJOR_VERSION takes only "a different major version that is
 * higher than the major version in use", so going back is a replacement.
 */
export const lowerMajor = (old: unknown, next: unknown): boolean =>
  typeof old === "string" && typeof next === "string" && Number(next) < Number(old);

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

/** Proton's own record of a deployment's start and end. */
export interface DeploymentTimes {
  deploymentStatus?: string;
  lastDeploymentAttemptedAt?: Date;
  lastDeploymentSucceededAt?: Date;
}

/**
 * How long the deployments that settled last took by Proton's clock (ms): from the earliest start to the
 * latest end of the last wave (what was still running when the last finisher started). Undefined unless
 * every one of them succeeded. Exact where the waiter's own measure is only known to lie between two polls.
 */
export function deployedInMs(deployments: (DeploymentTimes | undefined)[]): number | undefined {
  const done = deployments.filter(
    (d): d is Required<Pick<DeploymentTimes, "lastDeploymentAttemptedAt" | "lastDeploymentSucceededAt">> =>
      !!d &&
      d.deploymentStatus === "SUCCEEDED" &&
      !!d.lastDeploymentAttemptedAt &&
      !!d.lastDeploymentSucceededAt,
  );
  if (!done.length || done.length < deployments.filter(Boolean).length) return undefined;
  const last = done.reduce((a, b) =>
    b.lastDeploymentSucceededAt.getTime() > a.lastDeploymentSucceededAt.getTime() ? b : a,
  );
  const end = last.lastDeploymentSucceededAt.getTime();
  const lastStart = last.lastDeploymentAttemptedAt.getTime();
  const start = Math.min(
    ...done
      .filter((d) => d.lastDeploymentSucceededAt.getTime() > lastStart)
      .map((d) => d.lastDeploymentAttemptedAt.getTime()),
    lastStart,
  );
  return end > start ? end - start : undefined;
}
