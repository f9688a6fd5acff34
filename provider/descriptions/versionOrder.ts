import * as P from "@aws-sdk/client-proton";
import type { ProtonClient } from "@aws-sdk/client-proton";
import type { TemplateKind } from "../engine/description";

// Proton deletes template versions in one order only: a major's recommended minor goes last in its major,
// and the template's recommended version goes last of all. Pulumi deletes a minor given its major by
// another version's output before that version, which is the order Proton refuses. These helpers read a
// template's versions, say what blocks a delete, and order a whole template's versions for deletion.

export interface VersionEntry {
  majorVersion: string;
  minorVersion: string;
  /** The recommended minor of this version's major, if Proton has one (a published minor). */
  recommendedMinorVersion?: string;
}

export interface TemplateVersions {
  /** The template's recommended version ("2.0"), if any. */
  recommendedVersion?: string;
  versions: VersionEntry[];
}

const label = (v: VersionEntry) => `${v.majorVersion}.${v.minorVersion}`;
const isRecommendedMinor = (v: VersionEntry) => v.recommendedMinorVersion === v.minorVersion;

const LIST = {
  Environment: P.paginateListEnvironmentTemplateVersions,
  Service: P.paginateListServiceTemplateVersions,
};
const GET_TEMPLATE = {
  Environment: async (client: ProtonClient, name: string) =>
    (await client.send(new P.GetEnvironmentTemplateCommand({ name }))).environmentTemplate,
  Service: async (client: ProtonClient, name: string) =>
    (await client.send(new P.GetServiceTemplateCommand({ name }))).serviceTemplate,
};

/** Every version of a template (Proton lists one entry per major without a major, every minor with one). */
export async function templateVersions(
  client: ProtonClient,
  kind: TemplateKind,
  templateName: string,
): Promise<TemplateVersions> {
  const list = async (majorVersion?: string) => {
    const found: VersionEntry[] = [];
    for await (const page of LIST[kind]({ client }, { templateName, majorVersion }))
      for (const v of page.templateVersions ?? [])
        found.push({
          majorVersion: String(v.majorVersion),
          minorVersion: String(v.minorVersion),
          recommendedMinorVersion: v.recommendedMinorVersion,
        });
    return found;
  };
  const majors = [...new Set((await list()).map((v) => v.majorVersion))];
  const versions = (await Promise.all(majors.map((m) => list(m)))).flat();
  const template = await GET_TEMPLATE[kind](client, templateName);
  return { recommendedVersion: template?.recommendedVersion, versions };
}

export interface DeleteRefusal {
  /** Why Proton refuses, as a clause ("it is the recommended minor version of major 1"). */
  rule: string;
  /** The versions that have to go first, as "1.0". */
  blockers: string[];
}

/** Why Proton refuses to delete `major.minor` now, or undefined when its rules allow it. */
export function deleteRefusal(
  all: TemplateVersions,
  majorVersion: string,
  minorVersion: string,
): DeleteRefusal | undefined {
  const target = all.versions.find((v) => v.majorVersion === majorVersion && v.minorVersion === minorVersion);
  if (!target) return undefined;
  const others = all.versions.filter((v) => v !== target);
  const sameMajor = others.filter((v) => v.majorVersion === majorVersion);
  if (isRecommendedMinor(target) && sameMajor.length)
    return {
      rule: `it is the recommended minor version of major ${majorVersion}`,
      blockers: sameMajor.map(label),
    };
  if (all.recommendedVersion === label(target) && others.length)
    return { rule: "it is the template's recommended version", blockers: others.map(label) };
  return undefined;
}

/**
 * An order Proton accepts for deleting every version: major by major, the template's recommended major
 * last; within a major, its recommended minor last.
 */
export function deletionOrder(all: TemplateVersions): VersionEntry[] {
  const recommendedMajor = all.recommendedVersion?.split(".")[0];
  const rank = (v: VersionEntry) => [
    v.majorVersion === recommendedMajor ? 1 : 0,
    Number(v.majorVersion),
    isRecommendedMinor(v) ? 1 : 0,
    Number(v.minorVersion),
  ];
  const compare = (a: VersionEntry, b: VersionEntry) => {
    const [ra, rb] = [rank(a), rank(b)];
    const i = ra.findIndex((x, k) => x !== rb[k]);
    return i < 0 ? 0 : ra[i] - rb[i];
  };
  return [...all.versions].sort(compare);
}

/** Why a version delete is refused, and what a user can do about it. */
export function refusalMessage(templateName: string, version: string, refusal: DeleteRefusal): string {
  const blockers = refusal.blockers.join(", ");
  return (
    `Proton refuses to delete ${templateName}:${version} while ${blockers} ` +
    `${refusal.blockers.length > 1 ? "exist" : "exists"}: ${refusal.rule}, which Proton deletes last. ` +
    "To delete the whole template, give its versions `template: <the template resource>` instead of " +
    "`templateName`: they are then deleted with the template, in the order Proton allows. " +
    `To remove only ${version}, first add a newer minor version (${version} is then no longer recommended), ` +
    `or remove ${blockers} in an earlier \`pulumi up\`.`
  );
}
