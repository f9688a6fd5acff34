import * as pulumi from "@pulumi/pulumi";
import { isMap } from "../../common/spec";
import { renderEnvironmentSpecObject, renderServiceSpecObject } from "./render";

// Specs as objects instead of YAML text: `pulumi.Input`s may sit anywhere inside. They are rendered in the
// program to canonical YAML (render.ts), so the provider sees the same text a hand-written spec gives and
// checks, diffs and deploys it the same way.

/** Template inputs as a map, as a bundle's schema types them (see `pulumi-proton types`). */
export type SpecInputs = Record<string, unknown>;

type Primitive = string | number | boolean | null | undefined;

/** `T` with a `pulumi.Input` allowed at every level. */
export type DeepInput<T> = unknown extends T
  ? unknown
  : [T] extends [Primitive]
    ? pulumi.Input<T> // kept whole, so `boolean` reads as one type in editor messages
    : T extends Primitive
      ? pulumi.Input<T>
      : T extends readonly (infer E)[]
        ? pulumi.Input<DeepInput<E>[]>
        : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** An environment spec as an object: the template's inputs (the `spec:` map of `proton: EnvironmentSpec`). */
export type EnvironmentSpecObject<I extends object = SpecInputs> = DeepInput<I>;

/** One service instance of a service spec. */
export interface ServiceInstanceSpecObject<I extends object = SpecInputs> {
  /** Instance name, unique in the service. */
  name: pulumi.Input<string>;
  /** The environment it runs in. */
  environment: pulumi.Input<string>;
  /** The instance's inputs (the template's `service_input_type`). */
  spec?: DeepInput<I>;
}

/** A service spec as an object: its instances and, for templates with a pipeline, the pipeline's inputs. */
export interface ServiceSpecObject<I extends object = SpecInputs, P extends object = SpecInputs> {
  instances: pulumi.Input<pulumi.Input<ServiceInstanceSpecObject<I>>[]>;
  /** The pipeline's inputs (the template's `pipeline_input_type`). */
  pipeline?: DeepInput<P>;
}

/**
 * The spec a resource sends: text stays as it is; a map is rendered to canonical YAML once every input
 * inside is known (secret inputs keep the whole spec secret). Anything else passes through for the
 * provider's check to refuse at preview.
 */
export function specInput(spec: unknown, kind: "EnvironmentSpec" | "ServiceSpec"): pulumi.Input<unknown> {
  if (typeof spec === "string") return spec;
  return (pulumi.output(spec as object) as pulumi.Output<unknown>).apply((value) => {
    if (!isMap(value)) return value;
    return kind === "EnvironmentSpec" ? renderEnvironmentSpecObject(value) : renderServiceSpecObject(value);
  });
}

/** An environment spec from typed inputs, e.g. `environmentSpec<VpcEnvironmentInput>({ vpc_cidr: cidr })`. */
export function environmentSpec<I extends object = SpecInputs>(
  inputs: EnvironmentSpecObject<I>,
): pulumi.Output<string> {
  return pulumi.output(specInput(inputs, "EnvironmentSpec")) as pulumi.Output<string>;
}

/** A service spec from typed instance and pipeline inputs, e.g. `serviceSpec<WebServiceInput, WebPipelineInput>({...})`. */
export function serviceSpec<I extends object = SpecInputs, P extends object = SpecInputs>(
  spec: ServiceSpecObject<I, P>,
): pulumi.Output<string> {
  return pulumi.output(specInput(spec, "ServiceSpec")) as pulumi.Output<string>;
}
