import { join } from "node:path";
import { crashMatrix } from "./crash-matrix";
import { REPO_ROOT } from "./harness";

// The crash matrix (see crash-matrix.ts) of the example platform: all seven original resource types.
crashMatrix({
  program: join(REPO_ROOT, "examples", "platform", "main.js"),
  bundleRoot: join(REPO_ROOT, "examples", "bundles"),
  expected: { templates: 2, versions: 2, environments: 2, services: 1, instances: 2, connections: 1 },
  resources: 8,
  creates: [
    "CreateEnvironment",
    "CreateEnvironmentAccountConnection",
    "CreateEnvironmentTemplate",
    "CreateEnvironmentTemplateVersion",
    "CreateService",
    "CreateServiceTemplate",
    "CreateServiceTemplateVersion",
  ],
});
