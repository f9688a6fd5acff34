import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into the state for each resource. It holds only the resource's
 * type name; every method loads the implementation from the installed package at run time, so the
 * serialized text stays tiny, holds no client or credential, and a package upgrade changes nothing in it.
 */
export function shim(type: string): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      return require("pulumi-proton/runtime").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-proton/runtime").providerFor(type).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-proton/runtime").providerFor(type).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-proton/runtime").providerFor(type).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-proton/runtime").providerFor(type).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-proton/runtime").providerFor(type).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-proton/runtime").providerFor(type).delete(id, props);
    },
  };
}
