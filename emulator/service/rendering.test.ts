import { join } from "node:path";
import { bundleFiles } from "./bundle-files";
import { renderBundleFolder, renderComponent, renderJinja, RenderError } from "./rendering";

const identity = {
  stackName: "AWSProton-dev-abc",
  region: "us-east-1",
  accountId: "000000000000",
  partition: "aws",
};
const BUNDLES = join(__dirname, "..", "..", "test", "fixtures", "bundles", "proton-local-fixtures");

describe("Jinja rendering with Proton's namespaces", () => {
  test("fills names from the parameters", () => {
    expect(
      renderJinja("v: {{ environment.inputs.cidr }}-{{ environment.name }}", "f.yaml", {
        environment: { name: "dev", inputs: { cidr: "10.0.0.0/16" } },
      }),
    ).toBe("v: 10.0.0.0/16-dev");
  });

  test("a missing input names the file, the line and the name", () => {
    const run = () =>
      renderJinja("a: 1\nb: {{ environment.inputs.vpc_cidr }}\n", "infrastructure/cloudformation.yaml", {
        environment: { name: "dev", inputs: {} },
      });
    expect(run).toThrow(RenderError);
    expect(run).toThrow(
      "infrastructure/cloudformation.yaml line 2: 'environment.inputs.vpc_cidr' is undefined",
    );
  });

  test("an unknown top-level namespace is named too", () => {
    expect(() => renderJinja("x\n\ny: {{ pipeline.inputs.cmd }}", "f.yaml", { environment: {} })).toThrow(
      "f.yaml line 3: 'pipeline' is undefined",
    );
  });

  test("default() and an empty component object render without failing", () => {
    const params = { service_instance: { components: { default: { outputs: {} } } } };
    expect(
      renderJinja(
        "{{ service_instance.components.default.outputs.x | default('17') }}{% if service_instance.components.default.outputs | length > 0 %}no{% endif %}",
        "f.yaml",
        params,
      ),
    ).toBe("17");
  });

  test("a syntax error (an unescaped CloudFormation dynamic reference) fails with its line", () => {
    expect(() => renderJinja("a: '{{resolve:secretsmanager:x}}'", "f.yaml", {})).toThrow(
      /f.yaml line 1: expected variable end/,
    );
  });

  test("Proton's environment-variable filters format component outputs", () => {
    expect(
      renderJinja("{{ o | proton_cfn_ecs_task_definition_formatted_env_vars }}", "f.yaml", { o: { A: "x" } }),
    ).toBe('- Name: A\n  Value: "x"');
  });
});

describe("bundle folders", () => {
  test("outputs come from the rendered Outputs, resources from Resources, with stable fake ids", () => {
    const request = {
      kind: "environment" as const,
      parameters: { environment: { name: "dev", inputs: { cidr: "10.1.0.0/16" } } },
      identity,
      folder: "dev",
      tags: {},
    };
    const r = renderBundleFolder(bundleFiles(join(BUNDLES, "env-vpc", "v1"))!, "infrastructure", request)!;
    expect(r.engine).toBe("CLOUDFORMATION");
    expect(r.files[0].path).toBe("infrastructure/cloudformation.yaml");
    expect(r.files[0].content).toContain('CidrBlock: "10.1.0.0/16"');
    const identifier = r.resources[0]?.identifier;
    expect(identifier).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(r.resources).toEqual([{ name: "Vpc", identifier, provisioningEngine: "CLOUDFORMATION" }]);
    expect(r.outputs).toEqual([{ key: "VpcId", valueString: r.resources[0].identifier }]);
    expect(
      renderBundleFolder(bundleFiles(join(BUNDLES, "env-vpc", "v1"))!, "infrastructure", request),
    ).toEqual(r);
  });

  test("a folder without a manifest is not rendered", () => {
    expect(
      renderBundleFolder(
        bundleFiles(join(BUNDLES, "env-vpc", "v1"))!,
        "pipeline_infrastructure",
        {} as never,
      ),
    ).toBeUndefined();
  });
});

describe("components", () => {
  const request = {
    kind: "component" as const,
    parameters: { component: { name: "c" }, environment: { name: "dev", outputs: { VpcId: "vpc-1" } } },
    identity,
    folder: "dev/c",
    tags: { "proton:account": "000000000000" },
  };

  test("CloudFormation intrinsics resolve: literals as written, Sub, GetAtt Arn, Join", () => {
    const template = [
      "Resources:",
      "  Queue:",
      "    Type: AWS::SQS::Queue",
      "  Role:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      RoleName: app-role",
      "Outputs:",
      "  Literal:",
      "    Value: hello",
      "  Vpc:",
      "    Value: '{{ environment.outputs.VpcId }}'",
      "  RoleArn:",
      "    Value: !GetAtt Role.Arn",
      "  Joined:",
      "    Value: !Join [':', [!Ref 'AWS::Region', !Sub '${AWS::AccountId}-x']]",
    ].join("\n");
    const manifest =
      "infrastructure:\n  templates:\n    - file: cloudformation.yaml\n      rendering_engine: jinja\n      template_language: cloudformation\n";
    const r = renderComponent(template, manifest, request);
    expect(Object.fromEntries(r.outputs.map((o) => [o.key, o.valueString]))).toEqual({
      Literal: "hello",
      Vpc: "vpc-1",
      RoleArn: "arn:aws:iam::000000000000:role/app-role",
      Joined: "us-east-1:000000000000-x",
    });
    expect(r.resources.map((x) => x.name)).toEqual(["Queue", "Role"]);
    expect(r.resources[0].identifier).toMatch(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\//);
  });

  test("Terraform files are passed on with the variable files Proton generates", () => {
    const manifest =
      "infrastructure:\n  templates:\n    - file: '*'\n      rendering_engine: hcl\n      template_language: terraform\n";
    const r = renderComponent('resource "x" "y" {}\n', manifest, request);
    expect(r.engine).toBe("TERRAFORM");
    expect(r.files.map((f) => f.path)).toEqual([
      "dev/c/main.tf",
      "dev/c/proton.component.variables.tf",
      "dev/c/proton.auto.tfvars.json",
    ]);
    expect(JSON.parse(r.files[2].content)).toEqual({ ...request.parameters, proton_tags: request.tags });
    expect(r.files[1].content).toContain('variable "environment"');
  });
});
