// The scale case: one environment template and one service template (a version each), then `bench:count`
// environments and as many services, each with one instance in its own environment.
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const proton = require("pulumi-proton");

const BUNDLES = path.join(__dirname, "..", "..", "examples", "bundles", "proton-bundles");
const ROLE = "arn:aws:iam::000000000000:role/ProtonServiceRole";
const count = new pulumi.Config("bench").requireNumber("count");

const envTemplate = new proton.EnvironmentTemplate("vpc", { name: "vpc" });
const envVersion = new proton.EnvironmentTemplateVersion("vpc-v1", {
  templateName: envTemplate.name,
  source: { s3: { bucket: "proton-bundles", key: "env-vpc/v1" } },
  bundleDir: path.join(BUNDLES, "env-vpc/v1"),
});
const svcTemplate = new proton.ServiceTemplate("web", { name: "web" });
const svcVersion = new proton.ServiceTemplateVersion("web-v1", {
  templateName: svcTemplate.name,
  source: { s3: { bucket: "proton-bundles", key: "svc-web/v1" } },
  bundleDir: path.join(BUNDLES, "svc-web/v1"),
  compatibleEnvironmentTemplates: [{ templateName: envTemplate.name, majorVersion: envVersion.majorVersion }],
});
for (let i = 0; i < count; i++) {
  const env = new proton.Environment(`env-${i}`, {
    name: `env-${i}`,
    templateName: envVersion.templateName,
    templateMajorVersion: envVersion.majorVersion,
    protonServiceRoleArn: ROLE,
    spec: `proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.${i % 250}.0.0/16\n`,
  });
  new proton.Service(`svc-${i}`, {
    name: `svc-${i}`,
    templateName: svcVersion.templateName,
    templateMajorVersion: svcVersion.majorVersion,
    spec: pulumi.interpolate`proton: ServiceSpec
pipeline:
  build_command: make
instances:
  - name: svc-${i}-a
    environment: ${env.name}
    spec:
      port: 8080
`,
  });
}
