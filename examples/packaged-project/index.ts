// A small Proton platform in TypeScript, written against the installed `pulumi-proton` package:
// an environment template and a service template (each with a version from a bundle folder), an
// environment reached through an account connection, and a service with one instance in it.
//
//   npm install @pulumi/pulumi /path/to/pulumi-proton-<version>.tgz
//   pulumi config set bundles /path/to/examples/bundles/proton-bundles
//   pulumi up
//
// With AWS_ENDPOINT_URL_PROTON pointing at proton-local (`npx proton-local --bundle-root <folder>`) nothing
// reaches AWS; without it the provider talks to the AWS Proton endpoint of the configured region.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-proton";

const config = new pulumi.Config();
const bundles = path.resolve(
  config.get("bundles") ?? path.join(__dirname, "..", "bundles", "proton-bundles"),
);
const bucket = config.get("bucket") ?? "proton-bundles";
const account = config.get("account") ?? "000000000000"; // proton-local's account
const port = config.getNumber("port") ?? 8080;
const role = `arn:aws:iam::${account}:role/ProtonServiceRole`;

const vpc = new proton.EnvironmentTemplate("vpc", { name: "packaged-vpc", displayName: "VPC" });
const vpcV1 = new proton.EnvironmentTemplateVersion("vpc-v1", {
  template: vpc,
  source: { s3: { bucket, key: "env-vpc/v1" } },
  bundleDir: path.join(bundles, "env-vpc/v1"),
});

const web = new proton.ServiceTemplate("web", { name: "packaged-web" });
const webV1 = new proton.ServiceTemplateVersion("web-v1", {
  template: web,
  source: { s3: { bucket, key: "svc-web/v1" } },
  bundleDir: path.join(bundles, "svc-web/v1"),
  compatibleEnvironmentTemplates: [{ templateName: vpc.name, majorVersion: vpcV1.majorVersion }],
});

const connection = new proton.EnvironmentAccountConnection("qa-connection", {
  managementAccountId: account,
  environmentName: "qa",
  roleArn: role,
  accept: true,
});
const qa = new proton.Environment("qa", {
  name: connection.environmentName,
  templateVersion: vpcV1,
  environmentAccountConnectionId: connection.connectionId,
  spec: "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.30.0.0/16\n",
});

const api = new proton.Service("api", {
  name: "packaged-api",
  templateVersion: webV1,
  spec: pulumi.interpolate`proton: ServiceSpec
pipeline:
  build_command: npm ci && npm run build
instances:
  - name: api-qa
    environment: ${qa.name}
    spec:
      port: ${port}
`,
});

export const environment = qa.name;
export const service = api.name;
export const instances = api.instances.apply((list) => list.map((i) => `${i.name}@${i.environmentName}`));
