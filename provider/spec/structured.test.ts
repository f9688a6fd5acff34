import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { renderEnvironmentSpecObject, renderServiceSpecObject, renderSpecObject } from "./render";
import { sameSpec } from "./semantic";
import { environmentSpec, serviceSpec, specInput } from "./structured";
import { UNKNOWN } from "../engine/values";

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("specs as objects render to canonical YAML", () => {
  test("an environment spec: the inputs under `spec:`, keys sorted, undefined members dropped", () => {
    const text = renderEnvironmentSpecObject({
      vpc_cidr: "10.0.0.0/16",
      azs: 2,
      tags: { b: "2", a: "1" },
      gone: undefined,
    });
    expect(text).toBe(
      'proton: EnvironmentSpec\nspec:\n  azs: 2\n  tags:\n    a: "1"\n    b: "2"\n  vpc_cidr: 10.0.0.0/16\n',
    );
    expect(
      sameSpec(
        text,
        "proton: EnvironmentSpec\nspec: {vpc_cidr: 10.0.0.0/16, tags: {a: '1', b: '2'}, azs: 2}\n",
      ),
    ).toBe(true);
  });

  test("a service spec: proton, pipeline, instances; name, environment, spec first in each instance", () => {
    const text = renderServiceSpecObject({
      instances: [
        { spec: { port: 8080, image: "web:1" }, environment: "dev", name: "web-dev" },
        { environment: "prod", name: "web-prod" },
      ],
      pipeline: { build_cmd: "make" },
    });
    expect(text).toBe(
      [
        "proton: ServiceSpec",
        "pipeline:",
        "  build_cmd: make",
        "instances:",
        "  - name: web-dev",
        "    environment: dev",
        "    spec:",
        "      image: web:1",
        "      port: 8080",
        "  - name: web-prod",
        "    environment: prod",
        "",
      ].join("\n"),
    );
  });

  test("the same object in any key order renders the same text", () => {
    const a = renderServiceSpecObject({
      pipeline: { x: 1, y: 2 },
      instances: [{ name: "a", environment: "e", spec: { q: 1, p: 2 } }],
    });
    const b = renderServiceSpecObject({
      instances: [{ spec: { p: 2, q: 1 }, environment: "e", name: "a" }],
      pipeline: { y: 2, x: 1 },
    });
    expect(a).toBe(b);
  });

  test("check renders a map it is handed and leaves text, unknowns and other values alone", () => {
    const inputs: Record<string, unknown> = { spec: { cidr: "10.0.0.0/16" } };
    renderSpecObject(inputs, "EnvironmentSpec");
    expect(parse(inputs.spec as string)).toEqual({
      proton: "EnvironmentSpec",
      spec: { cidr: "10.0.0.0/16" },
    });
    for (const spec of ["proton: EnvironmentSpec\n", 42, ["a"], { cidr: UNKNOWN }]) {
      const left: Record<string, unknown> = { spec };
      renderSpecObject(left, "EnvironmentSpec");
      expect(left.spec).toBe(spec);
    }
  });
});

describe("in the program", () => {
  test("Inputs anywhere inside are resolved before rendering; a secret inside keeps the whole spec secret", async () => {
    const spec = serviceSpec<{ port: number; password: string }, { build_cmd: string }>({
      instances: pulumi.output([
        {
          name: "a",
          environment: pulumi.output("dev"),
          spec: { port: pulumi.output(8080), password: pulumi.secret("pw") },
        },
      ]),
      pipeline: { build_cmd: pulumi.output("make") },
    });
    expect(parse(await valueOf(spec))).toEqual({
      proton: "ServiceSpec",
      pipeline: { build_cmd: "make" },
      instances: [{ name: "a", environment: "dev", spec: { password: "pw", port: 8080 } }],
    });
    expect(await pulumi.isSecret(spec)).toBe(true);
    expect(await pulumi.isSecret(environmentSpec({ cidr: "10.0.0.0/16" }))).toBe(false);
  });

  test("text passes through as it is; an Output of an object renders too", async () => {
    expect(specInput("proton: EnvironmentSpec\n", "EnvironmentSpec")).toBe("proton: EnvironmentSpec\n");
    const rendered = specInput(
      pulumi.output({ cidr: "10.0.0.0/16" }),
      "EnvironmentSpec",
    ) as pulumi.Output<string>;
    expect(await valueOf(rendered)).toBe("proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n");
    expect(await valueOf(specInput(42, "EnvironmentSpec") as pulumi.Output<number>)).toBe(42);
  });
});
