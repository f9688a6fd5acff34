import { join } from "node:path";
import { crashMatrix } from "./crash-matrix";
import { REPO_ROOT } from "./harness";

// The crash matrix (see crash-matrix.ts) of the GitOps example: a repository link, sync configurations
// account settings and a component besides templates, versions, an environment and a service.
crashMatrix({
  program: join(REPO_ROOT, "examples", "gitops-platform", "main.js"),
  bundleRoot: join(REPO_ROOT, "examples"),
  expected: {
    templates: 2,
    versions: 2,
    environments: 1,
    services: 1,
    instances: 1,
    components: 1,
    repositories: 1,
    templateSyncConfigs: 1,
    serviceSyncConfigs: 1,
    accountSettings: 1,
  },
  resources: 11,
  creates: [
    "CreateComponent",
    "CreateEnvironment",
    "CreateEnvironmentTemplate",
    "CreateEnvironmentTemplateVersion",
    "CreateRepository",
    "CreateService",
    "CreateServiceSyncConfig",
    "CreateServiceTemplate",
    "CreateServiceTemplateVersion",
    "CreateTemplateSyncConfig",
  ],
});
