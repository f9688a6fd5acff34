import type { Backend } from "./backend";
import type { Deployable, DeploymentFields } from "./state";
import { conflict, validation } from "../protocol/errors";

// The deployment state machine shared by environments, service instances and service pipelines:
// IN_PROGRESS -> SUCCEEDED | FAILED, cancel: CANCELLING -> CANCELLED,
// delete: DELETE_IN_PROGRESS -> DELETE_COMPLETE (gone) | DELETE_FAILED.

export type Target = NonNullable<Deployable["target"]>;

const BUSY = new Set(["IN_PROGRESS", "CANCELLING", "DELETE_IN_PROGRESS"]);

export function assertNotBusy(d: DeploymentFields, what: string): void {
  if (BUSY.has(d.deploymentStatus))
    throw conflict(`${what} can't be changed while its deployment is ${d.deploymentStatus}`);
}

export function startDeployment(
  b: Backend,
  d: DeploymentFields & { target?: Target },
  resource: string,
  target: Target | undefined,
): void {
  d.deploymentStatus = "IN_PROGRESS";
  delete d.deploymentStatusMessage;
  d.lastDeploymentAttemptedAt = b.now();
  d.lastAttemptedDeploymentId = b.uuid();
  if (target) d.target = target;
  d.pending = b.schedule("deploy", "deployment", resource);
}

export function startCancel(b: Backend, d: DeploymentFields, resource: string, what: string): void {
  if (d.deploymentStatus !== "IN_PROGRESS")
    throw validation(`${what} has no deployment in progress to cancel (status ${d.deploymentStatus})`);
  d.deploymentStatus = "CANCELLING";
  d.pending = b.schedule("cancel", "cancellation", resource);
}

export function startDelete(b: Backend, d: DeploymentFields, resource: string): void {
  d.deploymentStatus = "DELETE_IN_PROGRESS";
  delete d.deploymentStatusMessage;
  d.pending = b.schedule("delete", "deletion", resource);
}

export type Outcome = "none" | "succeeded" | "failed" | "cancelled" | "deleted" | "delete-failed";

/** Applies due work to one deployable; the caller removes the record on "deleted". */
export function progressDeployable(
  b: Backend,
  d: DeploymentFields &
    Partial<Pick<Deployable, "target" | "templateMajorVersion" | "templateMinorVersion" | "spec">>,
  now: number,
): Outcome {
  const p = d.pending;
  const phase = p?.kind === "delete" ? "deletion" : p?.kind === "cancel" ? "cancellation" : "deployment";
  if (!b.isDue(p, phase, now)) return "none";
  const ended = b.finishedAt(p, phase, now);
  d.settledAt = ended;
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
    if (target.spec !== undefined) d.spec = target.spec;
  }
  d.deploymentStatus = "SUCCEEDED";
  d.lastDeploymentSucceededAt = ended;
  d.lastSucceededDeploymentId = d.lastAttemptedDeploymentId;
  return "succeeded";
}

/** Fresh deployment fields for a resource created at `now` that starts deploying right away. */
export function newDeployable(
  b: Backend,
  resource: string,
  template: { templateName: string } & Target,
): Deployable {
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
export function targetVersion(
  current: { templateMajorVersion: string; templateMinorVersion: string },
  input: { deploymentType: string; templateMajorVersion?: string; templateMinorVersion?: string },
  recommended: {
    minorOf: (major: string) => string | undefined;
    latest: () => { major: string; minor: string } | undefined;
  },
  what: string,
): { templateMajorVersion: string; templateMinorVersion: string } {
  const { deploymentType, templateMajorVersion: major, templateMinorVersion: minor } = input;
  if (deploymentType === "NONE" || deploymentType === "CURRENT_VERSION") {
    if (major !== undefined || minor !== undefined)
      throw validation(
        `${what}: deploymentType ${deploymentType} must not set templateMajorVersion or templateMinorVersion`,
      );
    return {
      templateMajorVersion: current.templateMajorVersion,
      templateMinorVersion: current.templateMinorVersion,
    };
  }
  if (deploymentType === "MINOR_VERSION") {
    if (major !== undefined && major !== current.templateMajorVersion)
      throw validation(
        `${what}: deploymentType MINOR_VERSION must stay in major version ${current.templateMajorVersion}; use MAJOR_VERSION`,
      );
    const m = minor ?? recommended.minorOf(current.templateMajorVersion);
    if (m === undefined)
      throw validation(
        `${what}: major version ${current.templateMajorVersion} has no published minor version`,
      );
    return { templateMajorVersion: current.templateMajorVersion, templateMinorVersion: m };
  }
  // MAJOR_VERSION
  let target = major === undefined ? undefined : { major, minor: minor ?? recommended.minorOf(major) };
  if (!target) target = recommended.latest();
  if (!target || target.minor === undefined) throw validation(`${what}: no published version to move to`);
  if (Number(target.major) <= Number(current.templateMajorVersion))
    throw validation(
      `${what}: deploymentType MAJOR_VERSION needs a major version above ${current.templateMajorVersion}`,
    );
  return { templateMajorVersion: target.major, templateMinorVersion: target.minor };
}
