import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { bundleTypes } from "./types";

const USAGE = `usage: pulumi-proton types <bundleDir> [--out <file.ts>]

  Prints TypeScript types for the inputs a template bundle's schema/schema.yaml defines, and the
  EnvironmentSpec or ServiceSpec type that uses them, so specs given as objects are type-checked.
`;

/** The `pulumi-proton` command line. */
export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, help: { type: "boolean" } },
  });
  const [command, bundleDir, ...extra] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return;
  }
  if (command !== "types" || bundleDir === undefined || extra.length)
    throw new Error(`expected 'types <bundleDir>'\n${USAGE}`);
  const source = await bundleTypes(bundleDir);
  if (values.out) writeFileSync(values.out, source);
  else process.stdout.write(source);
}
