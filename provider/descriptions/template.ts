import * as P from "@aws-sdk/client-proton";
import { send, type KindCommands, type ResourceDescription, type TemplateKind } from "../engine/description";
import { tagList } from "../engine/common-fields";
import { isNotFound } from "../engine/errors";
import { progress } from "../engine/log";
import { isoTime, shown } from "../engine/values";
import { deletionOrder, templateVersions } from "./versionOrder";

// EnvironmentTemplate and ServiceTemplate: name-keyed, updated in place through Update*Template.

const API: Record<TemplateKind, KindCommands> = {
  Environment: {
    create: P.CreateEnvironmentTemplateCommand,
    get: P.GetEnvironmentTemplateCommand,
    update: P.UpdateEnvironmentTemplateCommand,
    delete: P.DeleteEnvironmentTemplateCommand,
    out: "environmentTemplate",
    provisioning: "provisioning",
  },
  Service: {
    create: P.CreateServiceTemplateCommand,
    get: P.GetServiceTemplateCommand,
    update: P.UpdateServiceTemplateCommand,
    delete: P.DeleteServiceTemplateCommand,
    out: "serviceTemplate",
    provisioning: "pipelineProvisioning",
  },
};

const versionApi = {
  Environment: P.DeleteEnvironmentTemplateVersionCommand,
  Service: P.DeleteServiceTemplateVersionCommand,
};

export function templateDescription(kind: TemplateKind): ResourceDescription {
  const api = API[kind];
  const provisioning = api.provisioning as string;
  return {
    type: `${kind}Template`,
    label: `${kind.toLowerCase()} template`,
    idempotency: "name-keyed",
    deleteKind: "sync",
    createOperation: `Create${kind}Template`,
    fields: {
      name: { replace: true },
      displayName: {},
      description: {},
      encryptionKey: { replace: true },
      [provisioning]: { replace: true },
    },
    nameOf: (inputs) => shown(inputs.name),
    idFromInputs: (inputs) => String(inputs.name),
    createInput: (i) => ({
      name: i.name,
      displayName: i.displayName,
      description: i.description,
      encryptionKey: i.encryptionKey,
      [provisioning]: i[provisioning],
    }),
    async create(ctx, inputs) {
      await send(ctx, new api.create({ ...this.createInput(inputs), tags: tagList(inputs.tags) } as never));
      return String(inputs.name);
    },
    async read(ctx, id) {
      const out = await send(ctx, new api.get({ name: id }));
      return out[api.out];
    },
    health: () => ({ state: "stable" }),
    liveInputs: (live) => ({
      name: live.name,
      displayName: live.displayName,
      description: live.description,
      encryptionKey: live.encryptionKey,
      [provisioning]: live[provisioning],
    }),
    outputs: (live) => ({
      arn: live.arn,
      recommendedVersion: live.recommendedVersion ?? "",
      createdAt: isoTime(live.createdAt),
      lastModifiedAt: isoTime(live.lastModifiedAt),
    }),
    async update(ctx, id, _olds, news, changed) {
      if (!changed.some((f) => f === "displayName" || f === "description")) return;
      // An absent description is cleared with "", which the API accepts (displayName can't be emptied).
      await send(
        ctx,
        new api.update({
          name: id,
          displayName: news.displayName as string,
          description: (news.description as string) ?? "",
        }),
      );
    },
    async delete(ctx, id) {
      // Proton deletes a template only once its versions are gone. Versions given `template:` are deleted
      // with it (Pulumi's deletedWith), so the ones left go here, in the order Proton allows.
      const left = await templateVersions(ctx.client, kind, id).catch((e: unknown) => {
        if (isNotFound(e)) return { versions: [] };
        throw e;
      });
      for (const v of deletionOrder(left)) {
        progress(`${ctx.what}: deleting its version ${v.majorVersion}.${v.minorVersion}`);
        await send(
          ctx,
          new versionApi[kind]({
            templateName: id,
            majorVersion: v.majorVersion,
            minorVersion: v.minorVersion,
          }),
        ).catch((e: unknown) => {
          if (!isNotFound(e)) throw e;
        });
      }
      await send(ctx, new api.delete({ name: id }));
    },
  };
}
