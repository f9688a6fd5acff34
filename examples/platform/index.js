// A realistic Proton platform: a shared-VPC environment template and a web service template (each with
// a version registered from a bundle in examples/bundles), a staging and a production environment
// (production reached through an environment account connection) and a service with an instance in each.
//
// Run it with `npm run demo` (proton-local), or as a Pulumi project: the root Pulumi.yaml points here.
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const proton = require("pulumi-proton");

const BUNDLES = path.join(__dirname, "..", "bundles", "proton-bundles");
const ACCOUNT = "000000000000"; // proton-local's account; use your own with real AWS
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ProtonServiceRole`;

function platform() {
  const config = new pulumi.Config("demo");
  const webPort = config.getNumber("webPort") ?? 8080;

  const vpcTemplate = new proton.EnvironmentTemplate("shared-vpc", {
    name: "shared-vpc",
    displayName: "Shared VPC",
    description: "A VPC per environment, shared by its services",
    tags: { team: "platform" },
  });
  // `template:` deletes the version with its template, in the order Proton allows.
  const vpcV1 = new proton.EnvironmentTemplateVersion("shared-vpc-v1", {
    template: vpcTemplate,
    source: { s3: { bucket: "proton-bundles", key: "env-vpc/v1" } },
    bundleDir: path.join(BUNDLES, "env-vpc/v1"),
    description: "First release",
  });

  const webTemplate = new proton.ServiceTemplate("web-service", {
    name: "web-service",
    displayName: "Web service",
    description: "A containerised web service with a build pipeline",
  });
  const webV1 = new proton.ServiceTemplateVersion("web-service-v1", {
    template: webTemplate,
    source: { s3: { bucket: "proton-bundles", key: "svc-web/v1" } },
    bundleDir: path.join(BUNDLES, "svc-web/v1"),
    compatibleEnvironmentTemplates: [{ templateName: vpcTemplate.name, majorVersion: vpcV1.majorVersion }],
  });

  // `templateVersion:` deploys that version (its template, major and minor) and checks the spec against its
  // schema at preview.
  const staging = new proton.Environment("staging", {
    name: "staging",
    templateVersion: vpcV1,
    protonServiceRoleArn: ROLE,
    spec: ["proton: EnvironmentSpec", "spec:", "  vpc_cidr: 10.10.0.0/16", "  nat_gateways: 1", ""].join(
      "\n",
    ),
  });

  // Production lives in its own account: the environment account requests a connection, the
  // management account accepts it (one account in proton-local, so `accept: true` does both).
  const productionConnection = new proton.EnvironmentAccountConnection("production-connection", {
    managementAccountId: ACCOUNT,
    environmentName: "production",
    roleArn: ROLE,
    accept: true,
  });
  const production = new proton.Environment("production", {
    name: "production",
    templateVersion: vpcV1,
    environmentAccountConnectionId: productionConnection.connectionId,
    spec: ["proton: EnvironmentSpec", "spec:", "  vpc_cidr: 10.20.0.0/16", "  nat_gateways: 3", ""].join(
      "\n",
    ),
  });

  const storefront = new proton.Service("storefront", {
    name: "storefront",
    templateVersion: webV1,
    spec: pulumi.interpolate`proton: ServiceSpec
pipeline:
  build_command: npm ci && npm run build
instances:
  - name: storefront-staging
    environment: ${staging.name}
    spec:
      port: ${webPort}
      desired_count: 1
  - name: storefront-production
    environment: ${production.name}
    spec:
      port: ${webPort}
      desired_count: 3
      size: large
`,
  });

  return {
    environments: [staging.name, production.name],
    // An environment template's output (its CloudFormation `Outputs:`), ready to pass on to other resources.
    stagingVpcId: staging.outputs.apply((outputs) => outputs.VpcId),
    connection: productionConnection.status,
    service: storefront.name,
    instances: storefront.instances.apply((list) =>
      list.map((i) => `${i.name}@${i.environmentName}: ${i.deploymentStatus}`),
    ),
    pipeline: storefront.pipeline.apply((p) => (p ? p.deploymentStatus : "none")),
  };
}

module.exports = { platform };
