import type { Idempotency, ResourceDescription } from "../engine/description";
import { lifecycle, type Provider } from "../engine/lifecycle";
import { accountSettings } from "./accountSettings";
import { component } from "./component";
import { connection } from "./connection";
import { environment } from "./environment";
import { repository } from "./repository";
import { service } from "./service";
import { serviceSyncConfig, templateSyncConfig } from "./syncConfig";
import { environmentTemplate, serviceTemplate } from "./template";
import { environmentTemplateVersion, serviceTemplateVersion } from "./templateVersion";

type Plain = Record<string, unknown>;

/** A resource type as the runtime and the tests see it, whatever its argument and live types. */
export interface RegisteredType {
  type: string;
  idempotency: Idempotency;
  /** The resource's own argument names (the common ones are the engine's). */
  fields: string[];
  /** The Pulumi dynamic provider implementing it, on the plain JSON objects the Pulumi host passes. */
  provider(): Provider<Plain, Plain>;
}

function register<Args, Live extends { arn?: string }>(d: ResourceDescription<Args, Live>): RegisteredType {
  return {
    type: d.type,
    idempotency: d.idempotency,
    fields: Object.keys(d.fields),
    provider: () => lifecycle(d) as Provider<Plain, Plain>,
  };
}

/** Every resource type the package offers, by its fixed type name. */
export const DESCRIPTIONS: Record<string, RegisteredType> = Object.fromEntries(
  [
    register(environmentTemplate),
    register(environmentTemplateVersion),
    register(serviceTemplate),
    register(serviceTemplateVersion),
    register(environment),
    register(service),
    register(connection),
    register(repository),
    register(templateSyncConfig),
    register(serviceSyncConfig),
    register(component),
    register(accountSettings),
  ].map((d) => [d.type, d]),
);
