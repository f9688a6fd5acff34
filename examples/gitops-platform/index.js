// A Proton platform run from Git: the platform team's repository (./repository, linked to Proton as
// acme/proton-platform) holds the template bundles, the orders service's spec and the proton-ops file.
// Proton syncs new minor versions of the VPC template from the repository's `templates/gitops-vpc/v1`
// folder and keeps the orders service's instances on the specs the proton-ops file names; this program
// declares everything else: the repository link, the templates and their first release, the sync
// configurations, the account's pipeline role, the staging environment, the service, and a component on
// its instance.
//
// Run it as a Pulumi project (see README.md): `pulumi up` in this folder, with AWS_ENDPOINT_URL_PROTON
// pointing at proton-local (its --bundle-root the `examples` folder) or with real AWS credentials.
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const proton = require("pulumi-proton");

const ACCOUNT = "000000000000"; // proton-local's account; use your own with real AWS
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ProtonServiceRole`;
const PIPELINE_ROLE = `arn:aws:iam::${ACCOUNT}:role/ProtonPipelineServiceRole`;
const CONNECTION = `arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/platform-github`;
const REPOSITORY = path.join(__dirname, "repository");
/** The S3 bucket holding the template releases (proton-local: the `gitops-platform` folder of its bundle root). */
const RELEASES = "gitops-platform";

/** @param {string[]} parts a file's path under this folder */
const read = (...parts) => fs.readFileSync(path.join(__dirname, ...parts), "utf8");
/** @param {string} templateDir a template's version folder under repository/templates */
const release = (templateDir) => ({
  source: { s3: { bucket: RELEASES, key: `repository/templates/${templateDir}` } },
  bundleDir: path.join(REPOSITORY, "templates", templateDir),
});

function gitopsPlatform() {
  const config = new pulumi.Config("gitops");
  // The synced minor the environment runs on; left out, Proton's recommended (newest published) minor.
  const vpcMinorVersion = config.get("vpcMinorVersion");
  const branch = config.get("branch") ?? "main";

  const repository = new proton.Repository("platform-repository", {
    provider: "GITHUB",
    name: "acme/proton-platform",
    connectionArn: CONNECTION,
    tags: { team: "platform" },
  });

  // The VPC template: its first release (1.0) is registered from the release bucket; from then on each
  // push that changes templates/gitops-vpc/v1 on the branch adds the next minor, as a draft.
  const vpcTemplate = new proton.EnvironmentTemplate("gitops-vpc", {
    name: "gitops-vpc",
    displayName: "VPC (synced from Git)",
    description: "A VPC per environment; new minors come from acme/proton-platform",
  });
  const vpcRelease = new proton.EnvironmentTemplateVersion("gitops-vpc-1.0", {
    template: vpcTemplate,
    ...release("gitops-vpc/v1"),
    description: "First release, from the release bucket",
  });
  // After the first release: a sync before it would take minor 0 and move the release to 1.1.
  const vpcSync = new proton.TemplateSyncConfig(
    "gitops-vpc-sync",
    {
      templateName: vpcTemplate.name,
      templateType: "ENVIRONMENT",
      repositoryProvider: repository.provider,
      repositoryName: repository.name,
      branch,
      subdirectory: "templates",
    },
    { dependsOn: [vpcRelease] },
  );

  const staging = new proton.Environment("staging", {
    name: "staging",
    templateName: vpcRelease.templateName,
    templateMajorVersion: vpcRelease.majorVersion,
    templateMinorVersion: vpcMinorVersion,
    templateSchema: vpcRelease.schema,
    protonServiceRoleArn: ROLE,
    // Directly defined components in this environment are provisioned with this role.
    componentRoleArn: ROLE,
    spec: { vpc_cidr: "10.30.0.0/16", nat_gateways: 1 },
  });

  // The account's pipeline role: AWS-managed pipelines (the orders service's build) are provisioned with
  // it. Destroying the stack puts back what the account had before.
  const settings = new proton.AccountSettings("account-settings", {
    pipelineServiceRoleArn: PIPELINE_ROLE,
  });

  const ordersTemplate = new proton.ServiceTemplate("orders-service", {
    name: "orders-service",
    displayName: "Orders service",
    description: "A containerised service with a build pipeline and room for a component",
  });
  const ordersRelease = new proton.ServiceTemplateVersion("orders-service-1.0", {
    template: ordersTemplate,
    ...release("orders-service/v1"),
    compatibleEnvironmentTemplates: [
      { templateName: vpcRelease.templateName, majorVersion: vpcRelease.majorVersion },
    ],
    supportedComponentSources: ["DIRECTLY_DEFINED"],
  });

  // The service's spec is the repository's file, the one service sync follows: both agree, so the sync
  // finds its instances as the spec says and leaves them alone.
  const orders = new proton.Service(
    "orders",
    {
      name: "orders",
      templateName: ordersRelease.templateName,
      templateMajorVersion: ordersRelease.majorVersion,
      templateSchema: ordersRelease.schema,
      spec: read("repository", "services", "orders", "spec.yaml"),
    },
    // The spec names the staging environment; its pipeline needs the account's pipeline role.
    { dependsOn: [staging, settings] },
  );
  const ordersSync = new proton.ServiceSyncConfig("orders-sync", {
    serviceName: orders.name,
    repositoryProvider: repository.provider,
    repositoryName: repository.name,
    branch,
    filePath: "proton-ops.yaml",
  });

  const stagingInstance = orders.instances.apply((list) => {
    const instance = list.find((i) => i.environmentName === "staging");
    if (!instance) throw new Error("the orders service's spec has no instance in staging");
    return instance;
  });
  const queue = new proton.Component("orders-queue", {
    name: "orders-queue",
    serviceName: orders.name,
    serviceInstanceName: stagingInstance.apply((i) => i.name),
    description: "The orders queue of the staging instance",
    manifest: read("components", "orders-queue", "manifest.yaml"),
    templateFile: read("components", "orders-queue", "cloudformation.yaml"),
  });

  return {
    repository: repository.arn,
    pipelineRole: settings.pipelineServiceRoleArn,
    vpcTemplateSync: pulumi.interpolate`${vpcSync.templateName} follows ${repository.name}@${vpcSync.branch}`,
    staging: pulumi.interpolate`${staging.name} on ${vpcTemplate.name} ${staging.templateMajorVersion}.${staging.templateMinorVersion}`,
    serviceSync: pulumi.interpolate`${ordersSync.serviceName} follows ${repository.name}@${ordersSync.branch}`,
    queueUrl: queue.outputs.apply((o) => o.QueueUrl),
  };
}

module.exports = { gitopsPlatform };
