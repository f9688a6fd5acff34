import { createHash } from "node:crypto";
import { parseDocument, type ScalarTag, type CollectionTag } from "yaml";
import { valueText } from "./text";

// What a rendered CloudFormation template would yield once deployed, without deploying it: the
// `Resources:` as provisioned resources with stable fake physical ids, and the `Outputs:` values
// (literals as written, intrinsic functions resolved against those fake ids).

export interface Output {
  key: string;
  valueString: string;
}

export interface ProvisionedResource {
  name: string;
  identifier: string;
  provisioningEngine: "CLOUDFORMATION" | "TERRAFORM";
}

export interface StackIdentity {
  stackName: string;
  region: string;
  accountId: string;
  partition: string;
}

const INTRINSICS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "If",
  "Equals",
  "Not",
  "And",
  "Or",
];

/** The short-form tags (`!Ref`, `!GetAtt`, ...) as their long form (`{Ref: x}`, `{"Fn::GetAtt": [...]}`). */
function cfnTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  const add = (short: string, long: string) => {
    tags.push({ tag: `!${short}`, resolve: (value: string) => ({ [long]: value }) });
    for (const collection of ["seq", "map"] as const)
      tags.push({
        tag: `!${short}`,
        collection,
        resolve: (node) => ({ [long]: (node as { toJSON(): unknown }).toJSON() }),
      });
  };
  add("Ref", "Ref");
  add("Condition", "Condition");
  for (const fn of INTRINSICS) add(fn, `Fn::${fn}`);
  return tags;
}

const CFN_TAGS = cfnTags();

type Template = {
  Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value?: unknown }>;
  Parameters?: Record<string, { Default?: unknown }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
};

/** Parses a rendered template; a problem is thrown as a message naming the file. */
export function parseTemplate(text: string, file: string): Template {
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: false });
  const error = doc.errors[0];
  if (error)
    throw new Error(`${file} is not a valid CloudFormation template: ${error.message.split("\n")[0]}`);
  const value: unknown = doc.toJSON();
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(`${file} is not a valid CloudFormation template: it is not a mapping`);
  return value;
}

const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex");

/** EC2 ids have a prefix and 17 hex digits. */
const EC2_PREFIXES: Record<string, string> = {
  VPC: "vpc",
  Subnet: "subnet",
  SecurityGroup: "sg",
  InternetGateway: "igw",
  RouteTable: "rtb",
  NatGateway: "nat",
  Instance: "i",
  EIP: "eipalloc",
  NetworkAcl: "acl",
  VPCEndpoint: "vpce",
  LaunchTemplate: "lt",
};

/** Resolves one template's intrinsic functions against fake, stable physical ids. */
class Resolver {
  constructor(
    private readonly template: Template,
    private readonly id: StackIdentity,
  ) {}

  private type(logical: string): string {
    return this.template.Resources?.[logical]?.Type ?? "";
  }

  /** What `Ref` gives for a resource: CloudFormation's physical id. */
  physicalId(logical: string): string {
    const type = this.type(logical);
    const [, service = "", kind = ""] = type.split("::");
    const hash = digest(this.id.stackName, logical);
    const named = this.template.Resources?.[logical]?.Properties?.[`${kind}Name`];
    if (service === "EC2" && EC2_PREFIXES[kind]) return `${EC2_PREFIXES[kind]}-${hash.slice(0, 17)}`;
    // A name the template gives is the physical name; otherwise CloudFormation generates one.
    const name =
      typeof named === "string" && named
        ? named
        : `${this.id.stackName}-${logical}-${hash.slice(0, 12).toUpperCase()}`;
    if (service === "S3" && kind === "Bucket") return name.toLowerCase().slice(0, 63);
    if (service === "SNS" && kind === "Topic") return this.arn("sns", name);
    if (service === "SQS" && kind === "Queue")
      return `https://sqs.${this.id.region}.amazonaws.com/${this.id.accountId}/${name}`;
    return name;
  }

  private arn(service: string, resource: string): string {
    const { partition, region, accountId } = this.id;
    if (service === "s3") return `arn:${partition}:s3:::${resource}`;
    if (service === "iam") return `arn:${partition}:iam::${accountId}:${resource}`;
    return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
  }

  getAtt(logical: string, attribute: string): string {
    const [, service = "", kind = ""] = this.type(logical).split("::");
    const physical = this.physicalId(logical);
    if (attribute === "Arn") {
      if (physical.startsWith("arn:")) return physical;
      const svc = service.toLowerCase();
      if (svc === "iam") return this.arn("iam", `${kind.toLowerCase()}/${physical}`);
      if (svc === "s3") return this.arn("s3", physical);
      return this.arn(svc, `${kind.toLowerCase()}/${physical}`);
    }
    return `${attribute.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${digest(this.id.stackName, logical, attribute).slice(0, 12)}`;
  }

  ref(name: string): string {
    const { region, accountId, stackName, partition } = this.id;
    const pseudo: Record<string, string> = {
      "AWS::Region": region,
      "AWS::AccountId": accountId,
      "AWS::StackName": stackName,
      "AWS::Partition": partition,
      "AWS::URLSuffix": "amazonaws.com",
      "AWS::NoValue": "",
      "AWS::StackId": this.arn(
        "cloudformation",
        `stack/${stackName}/${digest(stackName).slice(0, 8)}-${digest(stackName).slice(8, 12)}`,
      ),
    };
    if (name in pseudo) return pseudo[name];
    if (this.template.Resources?.[name]) return this.physicalId(name);
    const parameter = this.template.Parameters?.[name];
    if (parameter) return parameter.Default === undefined ? "" : valueText(parameter.Default);
    return name;
  }

  value(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v);
    if (entries.length !== 1) return Object.fromEntries(entries.map(([k, x]) => [k, this.value(x)]));
    const [[fn, arg]] = entries;
    const text = (x: unknown) => this.text(this.value(x));
    switch (fn) {
      case "Ref":
        return this.ref(text(arg));
      case "Fn::GetAtt": {
        const [logical, ...attribute] = Array.isArray(arg) ? arg.map(text) : text(arg).split(".");
        return this.getAtt(logical, attribute.join("."));
      }
      case "Fn::Sub": {
        const [pattern, vars] = Array.isArray(arg)
          ? [text(arg[0]), (arg[1] ?? {}) as object]
          : [text(arg), {}];
        return pattern.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in vars) return text((vars as Record<string, unknown>)[name]);
          const dot = name.indexOf(".");
          return dot > 0 && !name.startsWith("AWS::")
            ? this.getAtt(name.slice(0, dot), name.slice(dot + 1))
            : this.ref(name);
        });
      }
      case "Fn::Join": {
        const [delimiter, list] = arg as [unknown, unknown];
        const items = this.value(list);
        return (Array.isArray(items) ? items : [items]).map((x) => this.text(x)).join(text(delimiter));
      }
      case "Fn::Select": {
        const [index, list] = arg as [unknown, unknown];
        const items = this.value(list);
        return Array.isArray(items) ? items[Number(text(index))] : items;
      }
      case "Fn::Split": {
        const [delimiter, source] = arg as [unknown, unknown];
        return text(source).split(text(delimiter));
      }
      case "Fn::If": {
        const [, whenTrue] = arg as [unknown, unknown, unknown];
        return this.value(whenTrue);
      }
      case "Fn::FindInMap": {
        const [map, top, second] = (arg as unknown[]).map(text);
        return this.value(this.template.Mappings?.[map]?.[top]?.[second] ?? "");
      }
      case "Fn::GetAZs":
        return ["a", "b", "c"].map((zone) => `${this.id.region}${zone}`);
      case "Fn::Base64":
        return Buffer.from(text(arg)).toString("base64");
      default:
        if (fn.startsWith("Fn::"))
          return `${fn.slice(4).toLowerCase()}-${digest(JSON.stringify(arg)).slice(0, 12)}`;
        return Object.fromEntries(entries.map(([k, x]) => [k, this.value(x)]));
    }
  }

  text(v: unknown): string {
    if (Array.isArray(v)) return v.map((x) => this.text(x)).join(",");
    if (v === null || v === undefined) return "";
    return valueText(v);
  }
}

/** Outputs and provisioned resources of a rendered CloudFormation template. */
export function stackResults(
  template: Template,
  identity: StackIdentity,
): { outputs: Output[]; resources: ProvisionedResource[] } {
  const resolver = new Resolver(template, identity);
  const resources = Object.keys(template.Resources ?? {}).map((name) => ({
    name,
    identifier: resolver.physicalId(name),
    provisioningEngine: "CLOUDFORMATION" as const,
  }));
  const outputs = Object.entries(template.Outputs ?? {}).map(([key, o]) => ({
    key,
    valueString: resolver.text(resolver.value(o?.Value)),
  }));
  return { outputs, resources };
}
