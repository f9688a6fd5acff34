import { DeleteServiceCommand, GetServiceCommand } from "@aws-sdk/client-proton";
import { expectError, service, serviceWorld, useHarness } from "./helpers";

// A service whose deletion fails after its instances and pipeline went: the parts already deleted must
// not look busy, so the failure is final (DELETE_FAILED) and a retried DeleteService can finish the job.

const h = useHarness();

const getService = async (name: string) => (await h.client.send(new GetServiceCommand({ name }))).service!;

test("after a failed service deletion the pipeline is DELETE_COMPLETE, not busy, and a retry deletes the service", async () => {
  const name = await service(h, await serviceWorld(h), { pipeline: { build_cmd: "make" } });
  await h.control.addFault({ kind: "fail-deletion", resource: name, message: "stack is protected" });
  await h.client.send(new DeleteServiceCommand({ name }));
  await h.settle();

  const failed = await getService(name);
  expect(failed).toMatchObject({ status: "DELETE_FAILED", statusMessage: "stack is protected" });
  expect(failed.pipeline?.deploymentStatus).toBe("DELETE_COMPLETE");

  await h.client.send(new DeleteServiceCommand({ name }));
  await h.settle();
  await expectError(getService(name), "ResourceNotFoundException");
});
