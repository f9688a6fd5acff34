import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "dist-bench/**",
      "bench/out/**",
      "node_modules/**",
      "coverage/**",
      "examples/**/node_modules/**",
      "tools/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules (floating promises, unsafe any, unbound methods...) on every TypeScript file, each
  // checked in the tsconfig nearest to it.
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ["**/*.ts"] })),
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  {
    // The packaged project imports pulumi-proton as a user would; lint resolves it to the sources (no build needed).
    files: ["examples/packaged-project/**/*.ts"],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: "./examples/packaged-project/tsconfig.lint.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // CommonJS bins and scripts.
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The serialized shim must load the installed package at run time (its text is in every state).
    files: ["provider/shim.ts"],
    rules: { "@typescript-eslint/no-require-imports": ["error", { allow: ["^pulumi-proton/runtime$"] }] },
  },
  {
    // @pulumi/aws is an optional peer, loaded only when a bundle is uploaded.
    files: ["provider/resources/bundle.ts"],
    rules: { "@typescript-eslint/no-require-imports": ["error", { allow: ["^@pulumi/aws$"] }] },
  },
  {
    // The SDK's compiled schemas ship no typings at their own path.
    files: ["common/model/model.test.ts"],
    rules: {
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^@aws-sdk/client-proton/dist-cjs/"] }],
    },
  },
  {
    // Dependencies run provider -> common <- emulator (common/layering.test.ts checks the same).
    files: ["provider/**/*.ts", "common/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/emulator", "**/emulator/**"],
              message: "provider/ and common/ must not depend on emulator/.",
            },
          ],
        },
      ],
    },
  },
);
