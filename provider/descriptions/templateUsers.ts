import * as P from "@aws-sdk/client-proton";
import type { ProtonClient } from "@aws-sdk/client-proton";
import type { TemplateKind } from "../engine/description";
import { isBeingDeleted } from "../engine/in-flight";
import { paginatorConfig } from "./outputs";

// Proton refuses to delete a template version that environments, service instances or pipelines run
// ("is in use by ..."). The refusal clears within one `up` only when one of them is moving to another
// version or going away; otherwise waiting for it held the delete until its timeout, an hour by default.

const MOVING_DEPLOYMENTS = new Set<string>(["IN_PROGRESS", "DELETE_IN_PROGRESS", "CANCELLING"]);
const MOVING_SERVICES = /_IN_PROGRESS$/;

/** A version of `templateName`; a major alone stands for all its minors, none for every version. */
export interface VersionOf {
  templateName: string;
  majorVersion?: string;
  minorVersion?: string;
}

/** Whether an environment or service instance runs `v`. */
const runsIt = (
  v: VersionOf,
  at: { templateName?: string; templateMajorVersion?: string; templateMinorVersion?: string },
) =>
  at.templateName === v.templateName &&
  (v.majorVersion === undefined || at.templateMajorVersion === v.majorVersion) &&
  (v.minorVersion === undefined || at.templateMinorVersion === v.minorVersion);

/**
 * What runs `version` (or, for pipelines, belongs to a service of its template): how many, and whether one
 * is changing — deploying or being deleted in Proton, or being deleted by this process (waiting for its
 * own dependants) — so that a refusal may clear.
 */
async function usersOf(
  client: ProtonClient,
  kind: TemplateKind,
  version: VersionOf,
): Promise<{ count: number; moving: boolean; names: string[] }> {
  const config = paginatorConfig(client);
  const found = { count: 0, moving: false, names: [] as string[] };
  const see = (moving: boolean, name: string) => {
    found.count++;
    found.moving ||= moving;
    found.names.push(name);
  };
  const deploying = (status: unknown) => MOVING_DEPLOYMENTS.has(String(status));
  if (kind === "Environment") {
    for await (const page of P.paginateListEnvironments(config, {}))
      for (const e of page.environments ?? [])
        if (runsIt(version, e))
          see(
            deploying(e.deploymentStatus) || isBeingDeleted("Environment", String(e.name)),
            `environment '${e.name}'`,
          );
    return found;
  }
  for await (const page of P.paginateListServiceInstances(config, {}))
    for (const i of page.serviceInstances ?? [])
      if (runsIt(version, i))
        see(
          deploying(i.deploymentStatus) || isBeingDeleted("Service", String(i.serviceName)),
          `service instance '${i.serviceName}/${i.name}'`,
        );
  // A pipeline's version shows only in the full service: a service of the template may be moving its
  // pipeline, or hold it on this version.
  for await (const page of P.paginateListServices(config, {}))
    for (const s of page.services ?? [])
      if (s.templateName === version.templateName)
        see(
          MOVING_SERVICES.test(String(s.status)) || isBeingDeleted("Service", String(s.name)),
          `service '${s.name}'`,
        );
  return found;
}

/**
 * What still runs some version of a template, when none of it is changing: a template delete refused for
 * that would have deleted the template's unused versions first, for nothing.
 */
export async function usersStaying(
  client: ProtonClient,
  kind: TemplateKind,
  templateName: string,
): Promise<string[] | undefined> {
  const users = await usersOf(client, kind, { templateName });
  return users.count > 0 && !users.moving ? users.names : undefined;
}

/** The fix for a version (or template) delete refused by its users, when none of them is changing. */
export async function whyUsersStay(
  client: ProtonClient,
  kind: TemplateKind,
  version: VersionOf,
): Promise<string | undefined> {
  // None left: the refusal was answered before the last of them went; the next attempt goes through.
  const users = await usersOf(client, kind, version);
  if (users.count === 0 || users.moving) return undefined;
  const what = kind === "Environment" ? "environments" : "service instances and pipelines";
  return (
    `none of the ${what} that run it is changing: move them to another version (or delete them) in an ` +
    "earlier `up`, then remove it"
  );
}
