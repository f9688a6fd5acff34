import type { Backend } from "./backend";
import { clean } from "./render";
import { linkedRepository } from "./repositories";
import type { Handlers } from "./wire";
import { validation } from "../protocol/errors";

const render = (b: Backend) => clean({ ...b.state.accountSettings });

export const accountOps = {
  GetAccountSettings: (b) => ({ accountSettings: render(b) }),

  UpdateAccountSettings: (b, input) => {
    const settings = b.state.accountSettings;
    if (input.deletePipelineProvisioningRepository && input.pipelineProvisioningRepository)
      throw validation(
        "Give pipelineProvisioningRepository or deletePipelineProvisioningRepository, not both",
      );
    // Proton provisions pipelines into a linked repository only; checked before anything changes.
    const r = input.pipelineProvisioningRepository;
    const linked = r && linkedRepository(b, r.provider, r.name, "pipelineProvisioningRepository");
    for (const field of ["pipelineServiceRoleArn", "pipelineCodebuildRoleArn"] as const) {
      const value = input[field];
      if (value === "") delete settings[field];
      else if (value !== undefined) settings[field] = value;
    }
    if (input.deletePipelineProvisioningRepository) delete settings.pipelineProvisioningRepository;
    if (r && linked) {
      settings.pipelineProvisioningRepository = {
        arn: linked.arn,
        provider: r.provider,
        name: r.name,
        branch: r.branch,
      };
    }
    return { accountSettings: render(b) };
  },
} satisfies Partial<Handlers>;
