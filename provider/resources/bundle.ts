import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { packBundle, sha256 } from "../../common/bundle-archive";

/** What a template version needs from a bundle: where Proton reads it, and the local copy checked at preview. */
export interface TemplateBundleRef {
  /** The S3 location of the bundle's `.tar.gz`. */
  source: pulumi.Input<{ s3: pulumi.Input<{ bucket: pulumi.Input<string>; key: pulumi.Input<string> }> }>;
  /** The local bundle folder (holding `schema/schema.yaml`). */
  bundleDir: pulumi.Input<string>;
}

export interface TemplateBundleArgs {
  /** The bundle folder: `schema/schema.yaml` and the infrastructure folders. Dot-files are left out. */
  dir: string;
  /** The S3 bucket the archive goes to. */
  bucket: pulumi.Input<string>;
  /** Prefix of the object key; the key is `<keyPrefix><content hash>.tar.gz`. Default `<name>/`. */
  keyPrefix?: string;
  /**
   * Write the archive to `<localRoot>/<bucket>/<key>` instead of uploading it: proton-local's
   * `--bundle-root`, to rehearse offline. `@pulumi/aws` is not needed then.
   */
  localRoot?: string;
}

/**
 * A template bundle folder packed into a deterministic `.tar.gz` and put in S3 as an
 * `aws.s3.BucketObjectv2` (from `@pulumi/aws`, loaded only when this component uploads), under a key
 * derived from the content hash. Pass it as a template version's `bundle`: it gives both `source` and
 * `bundleDir`. A changed file gives a new key, so a new version; an unchanged folder gives the same
 * bytes and key, so no diff.
 */
export class TemplateBundle extends pulumi.ComponentResource implements TemplateBundleRef {
  /** The S3 location of the archive, known once the object exists (versions depend on it). */
  public readonly source: pulumi.Output<{ s3: { bucket: string; key: string } }>;
  /** The bundle folder, for preview-time schema checks. */
  public readonly bundleDir: string;
  /** The object key: `<keyPrefix><first 16 hex digits of the content hash>.tar.gz`. */
  public readonly key: string;
  /** SHA-256 of the tarball inside the gzip: the same files always give the same hash. */
  public readonly contentHash: string;
  /** The archive's bytes. */
  public readonly archive: Buffer;
  /** The `aws.s3.BucketObjectv2` holding the archive; undefined with `localRoot`. */
  public readonly object: pulumi.CustomResource | undefined;

  constructor(name: string, args: TemplateBundleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-proton:index:TemplateBundle", name, {}, opts);
    try {
      this.archive = packBundle(args.dir);
    } catch (e) {
      throw new Error(`TemplateBundle '${name}': dir: ${(e as Error).message}`);
    }
    const archive = this.archive;
    // The key follows the tar content, not the gzip bytes, so another zlib build never means a new version.
    this.contentHash = sha256(gunzipSync(archive));
    const key = (this.key = `${args.keyPrefix ?? `${name}/`}${this.contentHash.slice(0, 16)}.tar.gz`);
    this.bundleDir = args.dir;
    if (args.localRoot !== undefined) {
      const root = args.localRoot;
      this.object = undefined;
      this.source = pulumi.output(args.bucket).apply((bucket) => {
        writeIfChanged(join(root, bucket, key), archive);
        return { s3: { bucket, key } };
      });
    } else {
      const object = new (loadAws(name).s3.BucketObjectv2)(
        name,
        {
          bucket: args.bucket,
          key,
          contentBase64: archive.toString("base64"),
          contentType: "application/gzip",
        },
        { parent: this },
      );
      this.object = object;
      this.source = pulumi.all([object.bucket, object.key]).apply(([bucket, objectKey]) => ({
        s3: { bucket, key: objectKey },
      }));
    }
    this.registerOutputs({ source: this.source, key, contentHash: this.contentHash });
  }
}

/** `@pulumi/aws` is an optional peer dependency: only programs that upload bundles need it. */
function loadAws(name: string): typeof import("@pulumi/aws") {
  try {
    return require("@pulumi/aws") as typeof import("@pulumi/aws");
  } catch (e) {
    if ((e as { code?: string }).code !== "MODULE_NOT_FOUND") throw e;
    throw new Error(
      `TemplateBundle '${name}': uploading to S3 needs @pulumi/aws (npm install @pulumi/aws), or set localRoot to write the archive for proton-local`,
    );
  }
}

function writeIfChanged(file: string, bytes: Buffer): void {
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}
