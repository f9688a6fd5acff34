import * as pulumi from "@pulumi/pulumi";
import { providerModule } from "../shim";

/** Terraform-style durations ("30m", "1h30m") for how long to wait; the engine passes no timeouts to dynamic providers. */
export interface Timeouts {
  /** How long create may wait for Proton (registration, deployment). Default 60m. */
  create?: string;
  /** How long update may wait for a redeployment. Default 60m. */
  update?: string;
  /** How long delete may wait for an asynchronous deletion. Default 60m. */
  delete?: string;
}

/** Arguments every Proton resource accepts. */
export interface CommonArgs {
  /** Tags on the Proton resource. Order never matters; changes go through TagResource/UntagResource. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** AWS region. Defaults to the stack config `aws:region`, then `AWS_REGION`. Changing it replaces the resource. */
  region?: pulumi.Input<string>;
  /** Proton API endpoint (e.g. proton-local). Defaults to `AWS_ENDPOINT_URL_PROTON`, then the AWS endpoint. */
  endpoint?: pulumi.Input<string>;
  /** How long to wait for Proton's asynchronous work. */
  timeouts?: pulumi.Input<Timeouts>;
}

/** Arguments of resources Proton keys by name (templates, environments, services). */
export interface NameKeyedArgs extends CommonArgs {
  /**
   * Take over an existing Proton resource of the same name that differs from the program, and update it
   * to the declared state. Without it, create fails listing the differences. An identical existing
   * resource is always taken over. This is the import path: `pulumi import` can't import dynamic resources.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * Base of every pulumi-proton resource: a dynamic resource (type token `pulumi-nodejs:dynamic/proton:<type>`,
 * served by the engine's Node.js dynamic-provider host) whose stored provider is shim.ts's text, as
 * `pulumi.dynamic.Resource` would store the serialized closure of a provider object.
 */
export abstract class ProtonResource extends pulumi.CustomResource {
  protected constructor(
    type: string,
    name: string,
    args: object,
    outputs: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const token = `pulumi-nodejs:dynamic/proton:${type}`;
    const props: Record<string, unknown> = {
      ...Object.fromEntries(outputs.map((k) => [k, undefined])),
      ...args,
      // Client tokens derive from this identity (and the inputs), never from anything random.
      logicalId: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      // Progress lines are attached to the resource through its URN (engine/log.ts), which the provider
      // derives from logicalId, except under a parent (whose type is part of the URN).
      ...(opts?.parent ? { resourceUrn: pulumi.createUrn(name, token, opts.parent) } : {}),
      __provider: providerModule(type),
    };
    super(token, name, props, opts);
  }
}
