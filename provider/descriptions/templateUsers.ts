import * as P from "@aws-sdk/client-proton";
import type { ProtonClient } from "@aws-sdk/client-proton";
import type { TemplateKind } from "../engine/description";
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

const runs = (v: VersionOf, at: { templateName?: string; major?: string; minor?: string }) =>
  at.templateName === v.templateName &&
  (v.majorVersion === undefined || at.major === v.majorVersion) &&
  (v.minorVersion === undefined || at.minor === v.minorVersion);

/** Whether anything running `version` (or a service of its template) is changing, so a refusal may clear. */
export async function usersMoving(
  client: ProtonClient,
  kind: TemplateKind,
  version: VersionOf,
): Promise<boolean> {
  const config = paginatorConfig(client);
  if (kind === "Environment") {
    for await (const page of P.paginateListEnvironments(config, {}))
      for (const e of page.environments ?? [])
        if (
          runs(version, {
            templateName: e.templateName,
            major: e.templateMajorVersion,
            minor: e.templateMinorVersion,
          }) &&
          MOVING_DEPLOYMENTS.has(String(e.deploymentStatus))
        )
          return true;
    return false;
  }
  for await (const page of P.paginateListServiceInstances(config, {}))
    for (const i of page.serviceInstances ?? [])
      if (
        runs(version, {
          templateName: i.templateName,
          major: i.templateMajorVersion,
          minor: i.templateMinorVersion,
        }) &&
        MOVING_DEPLOYMENTS.has(String(i.deploymentStatus))
      )
        return true;
  // A pipeline's version shows only in the full service: a service of the template being changed may be
  // moving its pipeline.
  for await (const page of P.paginateListServices(config, {}))
    for (const s of page.services ?? [])
      if (s.templateName === version.templateName && MOVING_SERVICES.test(String(s.status))) return true;
  return false;
}

/** The fix for a version (or template) delete refused by its users, when none of them is changing. */
export async function whyUsersStay(
  client: ProtonClient,
  kind: TemplateKind,
  version: VersionOf,
): Promise<string | undefined> {
  if (await usersMoving(client, kind, version)) return undefined;
  const users = kind === "Environment" ? "environments" : "service instances and pipelines";
  return (
    `none of the ${users} that run it is changing: move them to another version (or delete them) in an ` +
    "earlier `up`, then remove it"
  );
}
