import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import {
  send,
  type KindCommands,
  type TemplateKind,
  type FieldRule,
  type Inputs,
  type Live,
  type ResourceDescription,
} from "../engine/description";
import { Explained, isConflict } from "../engine/errors";
import { createPastFailedAttempts } from "../engine/token";
import { waitFor } from "../engine/wait";
import { hasUnknown, isoTime, shown } from "../engine/values";
import { sameSpec } from "../spec/semantic";
import { bundleSchemaProblem } from "../../common/spec";
import { deleteRefusal, refusalMessage, templateVersions } from "./versionOrder";

// EnvironmentTemplateVersion and ServiceTemplateVersion: client-token creates whose major/minor numbers
// Proton assigns; registered asynchronously, then published unless `publish: false`.

const API: Record<TemplateKind, KindCommands> = {
  Environment: {
    create: P.CreateEnvironmentTemplateVersionCommand,
    get: P.GetEnvironmentTemplateVersionCommand,
    update: P.UpdateEnvironmentTemplateVersionCommand,
    delete: P.DeleteEnvironmentTemplateVersionCommand,
    out: "environmentTemplateVersion",
  },
  Service: {
    create: P.CreateServiceTemplateVersionCommand,
    get: P.GetServiceTemplateVersionCommand,
    update: P.UpdateServiceTemplateVersionCommand,
    delete: P.DeleteServiceTemplateVersionCommand,
    out: "serviceTemplateVersion",
  },
};

/** "vpc:1.0" -> key members of the Get/Update/Delete calls. */
export function versionKey(id: string): { templateName: string; majorVersion: string; minorVersion: string } {
  const m = /^(.+):(\d+)\.(\d+)$/.exec(id);
  if (!m) throw new Error(`'${id}' is not a template version id (template:major.minor)`);
  return { templateName: m[1], majorVersion: m[2], minorVersion: m[3] };
}

/**
 * Reads `schema/schema.yaml` from a local bundle folder, for preview-time checks and diffs, and judges it
 * by the rules registration applies (common/spec.ts), so a bundle Proton would refuse fails at preview.
 */
function readLocalSchema(dir: string, kind: TemplateKind): { schema?: string; problem?: string } {
  const file = join(dir, "schema", "schema.yaml");
  if (!existsSync(file)) return { problem: `bundleDir '${dir}' has no schema/schema.yaml` };
  const text = readFileSync(file, "utf8");
  const hasPipeline = kind === "Service" && existsSync(join(dir, "pipeline_infrastructure"));
  const problem = bundleSchemaProblem(text, kind === "Environment" ? "ENVIRONMENT" : "SERVICE", hasPipeline);
  return problem ? { problem: `bundleDir '${dir}': ${problem}` } : { schema: text };
}

export function templateVersionDescription(kind: TemplateKind): ResourceDescription {
  const api = API[kind];
  const service = kind === "Service";
  const serviceFields: Record<string, FieldRule> = service
    ? { compatibleEnvironmentTemplates: {}, supportedComponentSources: { serverDefault: true } }
    : {};
  return {
    type: `${kind}TemplateVersion`,
    label: `${kind.toLowerCase()} template version`,
    idempotency: "client-token",
    deleteKind: "sync",
    createOperation: `Create${kind}TemplateVersion`,
    fields: {
      templateName: { replace: true },
      majorVersion: { replace: true, serverDefault: true },
      source: { replace: true },
      /** A changed schema in the local bundle means a new version: versions are immutable. */
      schema: { replace: true, serverDefault: true, same: sameSpec },
      description: {},
      /** Publishing is one-way: unpublishing needs a new version. */
      publish: {
        same: (a, b) => (a ?? true) === (b ?? true),
        replaceWhen: (a, b) => (a ?? true) && b === false,
      },
      bundleDir: { local: true },
      ...serviceFields,
    },
    nameOf: (inputs, id) => id ?? `${shown(inputs.templateName)}:${inputs.majorVersion ?? "new major"}`,
    check(inputs: Inputs) {
      const failures: { property: string; reason: string }[] = [];
      if (inputs.publish !== undefined && !hasUnknown(inputs.publish) && typeof inputs.publish !== "boolean")
        failures.push({ property: "publish", reason: "publish must be true or false" });
      if (typeof inputs.bundleDir === "string" && !hasUnknown(inputs.bundleDir)) {
        const { schema, problem } = readLocalSchema(inputs.bundleDir, kind);
        if (problem) failures.push({ property: "bundleDir", reason: problem });
        else inputs.schema = schema;
      }
      return failures;
    },
    createInput: (i) => ({
      templateName: i.templateName,
      description: i.description,
      majorVersion: i.majorVersion,
      source: i.source,
      ...(service
        ? {
            compatibleEnvironmentTemplates: i.compatibleEnvironmentTemplates,
            supportedComponentSources: i.supportedComponentSources,
          }
        : {}),
    }),
    async create(ctx, inputs, token) {
      const idOf = (v: Live) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`;
      const v = await createPastFailedAttempts(
        token,
        async (clientToken) =>
          (
            await send(
              ctx,
              new api.create({
                ...this.createInput(inputs),
                tags: tagList(inputs.tags),
                clientToken,
              } as never),
            )
          )[api.out] as Live,
        // A new version starts REGISTRATION_IN_PROGRESS: a failed one is the attempt being replaced.
        (answer) => (answer.status === "REGISTRATION_FAILED" ? idOf(answer) : undefined),
      );
      return idOf(v);
    },
    async read(ctx, id) {
      return (await send(ctx, new api.get(versionKey(id))))[api.out];
    },
    health: (live) =>
      live.status === "REGISTRATION_IN_PROGRESS"
        ? { state: "busy", status: String(live.status) }
        : live.status === "REGISTRATION_FAILED"
          ? {
              state: "failed",
              status: "REGISTRATION_FAILED",
              message: String(live.statusMessage ?? "registration failed"),
            }
          : { state: "stable" },
    liveInputs: (live, prior) => ({
      templateName: live.templateName,
      majorVersion: prior.majorVersion === undefined ? undefined : live.majorVersion,
      source: prior.source,
      schema: prior.schema === undefined || sameSpec(prior.schema, live.schema) ? prior.schema : live.schema,
      description: live.description,
      publish:
        live.status === "PUBLISHED"
          ? (prior.publish ?? true)
          : live.status === "DRAFT"
            ? false
            : prior.publish,
      ...(service
        ? {
            compatibleEnvironmentTemplates: live.compatibleEnvironmentTemplates,
            supportedComponentSources:
              prior.supportedComponentSources === undefined ? undefined : live.supportedComponentSources,
          }
        : {}),
    }),
    outputs: (live) => ({
      majorVersion: live.majorVersion,
      minorVersion: live.minorVersion,
      version: `${live.majorVersion}.${live.minorVersion}`,
      status: live.status,
      statusMessage: live.statusMessage ?? "",
      recommendedMinorVersion: live.recommendedMinorVersion ?? "",
      arn: live.arn,
      schema: live.schema ?? "",
      createdAt: isoTime(live.createdAt),
      lastModifiedAt: isoTime(live.lastModifiedAt),
    }),
    needsReplacement: (olds) => (olds.status === "REGISTRATION_FAILED" ? "status" : undefined),
    async update(ctx, id, _olds, news, changed) {
      const fields = ["description", "compatibleEnvironmentTemplates", "supportedComponentSources"].filter(
        (f) => changed.includes(f),
      );
      if (!fields.length) return;
      await send(
        ctx,
        new api.update({
          ...versionKey(id),
          ...(changed.includes("description") ? { description: (news.description as string) ?? "" } : {}),
          ...(service && changed.includes("compatibleEnvironmentTemplates")
            ? { compatibleEnvironmentTemplates: news.compatibleEnvironmentTemplates }
            : {}),
          ...(service && changed.includes("supportedComponentSources")
            ? { supportedComponentSources: news.supportedComponentSources ?? [] }
            : {}),
        } as never),
      );
    },
    async converge(ctx, id, inputs, live) {
      if (inputs.publish === false || live.status !== "DRAFT") return false;
      await send(ctx, new api.update({ ...versionKey(id), status: "PUBLISHED" }));
      return true;
    },
    async delete(ctx, id) {
      const key = versionKey(id);
      const version = `${key.majorVersion}.${key.minorVersion}`;
      // Why: Proton deletes a major's recommended minor (and the template's recommended version) last. A
      // refusal by that rule is retried only while the versions blocking it are going away (siblings
      // deleted in the same run); otherwise it is final at once, with the reason and the fix, instead of
      // a conflict retried until the delete timeout.
      let blockedBy: string | undefined;
      await waitFor(ctx.client, ctx.what, "the versions Proton deletes first", ctx.timeoutMs, async () => {
        try {
          await send(ctx, new api.delete(key));
          return { state: "done", value: undefined };
        } catch (e) {
          if (!isConflict(e)) throw e;
          const all = await templateVersions(ctx.client, kind, key.templateName);
          const refusal = deleteRefusal(all, key.majorVersion, key.minorVersion);
          if (!refusal) throw e;
          const blockers = refusal.blockers.join(", ");
          if (blockers === blockedBy)
            throw new Explained(`${ctx.what}: ${refusalMessage(key.templateName, version, refusal)}`);
          blockedBy = blockers;
          return { state: "pending", status: `waiting for ${blockers} to be deleted first` };
        }
      });
    },
  };
}
