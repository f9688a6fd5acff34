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
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
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
