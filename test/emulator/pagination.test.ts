import {
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListServicesCommand,
  TagResourceCommand,
  UpdateServiceTemplateVersionCommand,
  paginateListEnvironmentAccountConnections,
  paginateListEnvironments,
  paginateListEnvironmentTemplates,
  paginateListEnvironmentTemplateVersions,
  paginateListServiceInstances,
  paginateListServices,
  paginateListServiceTemplates,
  paginateListServiceTemplateVersions,
  paginateListTagsForResource,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import {
  ACCOUNT_ID,
  BUNDLES,
  ROLE_ARN,
  envSpec,
  envTemplate,
  expectError,
  serviceSpec,
  useHarness,
} from "./helpers";

// Every list pages with nextToken/maxResults; the SDK paginators must walk each list exactly once, in order.

const h = useHarness();
const N = 7;
const PAGE = 3;
const names = (prefix: string) => Array.from({ length: N }, (_, i) => `${prefix}${i}`);

let envTemplateName: string;
let serviceTemplateName: string;
let taggedArn: string;

beforeAll(async () => {
  const c = h.client;
  await h.control.reset();
  envTemplateName = await envTemplate(h, "pagenv");
  for (const name of names("et")) await c.send(new CreateEnvironmentTemplateCommand({ name }));
  for (let i = 1; i < N; i++) {
    await c.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: envTemplateName,
        majorVersion: "1",
        source: { s3: BUNDLES.env },
      }),
    );
  }
  for (const name of names("st")) await c.send(new CreateServiceTemplateCommand({ name }));
  serviceTemplateName = "st0";
  for (let i = 0; i < N; i++) {
    await c.send(
      new CreateServiceTemplateVersionCommand({
        templateName: serviceTemplateName,
        majorVersion: i === 0 ? undefined : "1",
        source: { s3: BUNDLES.worker },
        compatibleEnvironmentTemplates: [{ templateName: envTemplateName, majorVersion: "1" }],
      }),
    );
  }
  await h.settle();
  await h.client.send(
    new UpdateServiceTemplateVersionCommand({
      templateName: serviceTemplateName,
      majorVersion: "1",
      minorVersion: "0",
      status: "PUBLISHED",
    }),
  );
  for (const name of names("env")) {
    await c.send(
      new CreateEnvironmentCommand({
        name,
        templateName: envTemplateName,
        templateMajorVersion: "1",
        spec: envSpec(),
        protonServiceRoleArn: ROLE_ARN,
      }),
    );
  }
  await h.settle();
  for (const name of names("svc")) {
    await c.send(
      new CreateServiceCommand({
        name,
        templateName: serviceTemplateName,
        templateMajorVersion: "1",
        spec: serviceSpec([{ name: "inst", environment: "env0" }]),
      }),
    );
  }
  for (const name of names("remote")) {
    await c.send(
      new CreateEnvironmentAccountConnectionCommand({
        environmentName: name,
        managementAccountId: ACCOUNT_ID,
        roleArn: ROLE_ARN,
      }),
    );
  }
  await h.settle();
  const { environments } = await c.send(new ListEnvironmentsCommand({}));
  taggedArn = environments![0].arn!;
  await c.send(
    new TagResourceCommand({ resourceArn: taggedArn, tags: names("k").map((key) => ({ key, value: "v" })) }),
  );
});

/** Walks a paginator, returning the items and how many pages it took. */
async function walk<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<{ all: T[]; pages: number }> {
  const all: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    all.push(...(items(page) ?? []));
  }
  return { all, pages: count };
}

const config = (client: ProtonClient) => ({ client, pageSize: PAGE });
const PAGES = Math.ceil(N / PAGE);

describe("SDK paginators walk every list once, in order", () => {
  test("ListEnvironmentTemplates", async () => {
    const { all, pages } = await walk(
      paginateListEnvironmentTemplates(config(h.client), {}),
      (p) => p.templates,
    );
    expect(all.map((t) => t.name)).toEqual([...names("et"), "pagenv"]);
    expect(pages).toBe(Math.ceil((N + 1) / PAGE));
  });

  test("ListEnvironmentTemplateVersions", async () => {
    const { all, pages } = await walk(
      paginateListEnvironmentTemplateVersions(config(h.client), {
        templateName: envTemplateName,
        majorVersion: "1",
      }),
      (p) => p.templateVersions,
    );
    expect(all.map((v) => v.minorVersion)).toEqual(["0", "1", "2", "3", "4", "5", "6"]);
    expect(pages).toBe(PAGES);
  });

  test("ListServiceTemplates", async () => {
    const { all, pages } = await walk(paginateListServiceTemplates(config(h.client), {}), (p) => p.templates);
    expect(all.map((t) => t.name)).toEqual(names("st"));
    expect(pages).toBe(PAGES);
  });

  test("ListServiceTemplateVersions", async () => {
    const { all } = await walk(
      paginateListServiceTemplateVersions(config(h.client), {
        templateName: serviceTemplateName,
        majorVersion: "1",
      }),
      (p) => p.templateVersions,
    );
    expect(all.map((v) => v.minorVersion)).toEqual(["0", "1", "2", "3", "4", "5", "6"]);
  });

  test("ListEnvironments", async () => {
    const { all, pages } = await walk(paginateListEnvironments(config(h.client), {}), (p) => p.environments);
    expect(all.map((e) => e.name)).toEqual(names("env"));
    expect(pages).toBe(PAGES);
  });

  test("ListServices", async () => {
    const { all, pages } = await walk(paginateListServices(config(h.client), {}), (p) => p.services);
    expect(all.map((s) => s.name)).toEqual(names("svc"));
    expect(pages).toBe(PAGES);
  });

  test("ListServiceInstances", async () => {
    const { all, pages } = await walk(
      paginateListServiceInstances(config(h.client), {}),
      (p) => p.serviceInstances,
    );
    expect(all.map((i) => `${i.serviceName}/${i.name}`)).toEqual(names("svc").map((s) => `${s}/inst`));
    expect(pages).toBe(PAGES);
  });

  test("ListEnvironmentAccountConnections", async () => {
    const { all, pages } = await walk(
      paginateListEnvironmentAccountConnections(config(h.client), { requestedBy: "ENVIRONMENT_ACCOUNT" }),
      (p) => p.environmentAccountConnections,
    );
    expect(all.map((c) => c.environmentName)).toEqual(names("remote"));
    expect(pages).toBe(PAGES);
  });

  test("ListTagsForResource", async () => {
    const { all, pages } = await walk(
      paginateListTagsForResource(config(h.client), { resourceArn: taggedArn }),
      (p) => p.tags,
    );
    expect(all.map((t) => t.key)).toEqual(names("k"));
    expect(pages).toBe(PAGES);
  });
});

describe("page tokens", () => {
  test("maxResults bounds a page and nextToken continues it", async () => {
    const first = await h.client.send(new ListServicesCommand({ maxResults: 2 }));
    expect(first.services!.map((s) => s.name)).toEqual(["svc0", "svc1"]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await h.client.send(
      new ListServicesCommand({ maxResults: 5, nextToken: first.nextToken }),
    );
    expect(second.services!.map((s) => s.name)).toEqual(["svc2", "svc3", "svc4", "svc5", "svc6"]);
    expect(second.nextToken).toBeUndefined();
  });

  test("a made-up nextToken is ValidationException", async () => {
    await expectError(
      h.client.send(new ListServicesCommand({ nextToken: "AAAA" })),
      "ValidationException",
      /nextToken/,
    );
  });

  test("a nextToken from another list is ValidationException", async () => {
    const { nextToken } = await h.client.send(new ListServicesCommand({ maxResults: 1 }));
    await expectError(
      h.client.send(new ListEnvironmentTemplatesCommand({ nextToken })),
      "ValidationException",
      /nextToken/,
    );
  });
});
