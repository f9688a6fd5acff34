import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import * as proton from "../../provider";
import type { StateResource } from "./harness";
import type { StackProgram } from "./harness";
import {
  BUCKET,
  diagnosticText,
  ENV_BUNDLE_DIR,
  nameOf,
  ROLE_ARN,
  WEB_BUNDLE_DIR,
  type Run,
} from "./harness";

// A small stack whose environment and service specs are Pulumi secrets, signed with a distinctive key
// pair, for the credential and secrecy tests. The tests change the model between runs.

/** The only keys proton-local accepts in these tests. */
export const KEYS = {
  accessKeyId: "AKIAPROTONSECURITY42",
  secretAccessKey: "pRoToN/LoCaL+SeCrEt/kEy/0123456789AbCdEf",
};

/** Distinctive spec values: none may appear in the state in plain text. */
export const PLAIN = {
  cidr: "10.213.77.0/24",
  password: "instance-pw-5e1f9c",
  buildCmd: "make image TAG=pipeline-cmd-7d20",
};

export interface SecretSpecModel {
  cidr: string;
  password: string;
  /** Adds an environment template named `extra`, a resource that has to call Proton on the next `up`. */
  extraTemplate: boolean;
}

export function secretSpecStack() {
  const model: SecretSpecModel = { cidr: PLAIN.cidr, password: PLAIN.password, extraTemplate: false };
  const webSpec = (environment: string) =>
    [
      "proton: ServiceSpec",
      "pipeline:",
      `  build_cmd: ${PLAIN.buildCmd}`,
      "instances:",
      "  - name: web-dev",
      `    environment: ${environment}`,
      "    spec:",
      "      port: 8080",
      `      db_password: ${model.password}`,
      "",
    ].join("\n");
  const program: StackProgram = () => {
    const envTemplate = new proton.EnvironmentTemplate("env-template", { name: "vpc" });
    const envVersion = new proton.EnvironmentTemplateVersion("env-template-v1", {
      templateName: envTemplate.name,
      source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
      bundleDir: ENV_BUNDLE_DIR,
    });
    const dev = new proton.Environment("dev", {
      name: "dev",
      templateName: envTemplate.name,
      templateMajorVersion: envVersion.majorVersion,
      templateSchema: envVersion.schema,
      protonServiceRoleArn: ROLE_ARN,
      spec: pulumi.secret(`proton: EnvironmentSpec\nspec:\n  cidr: ${model.cidr}\n  flow_logs: true\n`),
    });
    const svcTemplate = new proton.ServiceTemplate("svc-template", { name: "web" });
    const svcVersion = new proton.ServiceTemplateVersion("svc-template-v1", {
      templateName: svcTemplate.name,
      source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
      bundleDir: WEB_BUNDLE_DIR,
      compatibleEnvironmentTemplates: [
        { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
      ],
    });
    const web = new proton.Service("web", {
      name: "web",
      templateName: svcTemplate.name,
      templateMajorVersion: svcVersion.majorVersion,
      templateSchema: svcVersion.schema,
      spec: pulumi.secret(dev.name.apply(webSpec)),
    });
    if (model.extraTemplate) new proton.EnvironmentTemplate("extra", { name: "extra" });
    return {
      devSpec: dev.spec,
      devCidr: dev.spec.apply((s) => String((parse(s) as { spec: { cidr: string } }).spec.cidr)),
      webSpec: web.spec,
      instances: web.instances,
    };
  };
  return { model, program };
}

/** Pulumi's marker of a secret value in a state export. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A secret as `pulumi stack export` writes it without --show-secrets. */
export const isCiphertext = (v: unknown) =>
  typeof v === "object" && v !== null && SECRET_SIG in v && "ciphertext" in v && !("plaintext" in v);

/** The needles found in `text`. */
export const found = (text: string, needles: string[]) => needles.filter((n) => text.includes(n));

export const byName = (resources: StateResource[] = [], name: string) =>
  resources.find((r) => nameOf(r.urn) === name)!;

/** What a user sees: the diagnostics but the SDK's own debug log (shown only with --debug). */
export const printed = (run: Run) =>
  diagnosticText(run, (d) => ["info", "info#err", "warning", "error"].includes(d.severity));
