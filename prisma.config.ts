import { defineConfig } from "prisma/config";

// `prisma generate` never needs the native schema engine, but the CLI looks for
// it; point it at a stub so no binary download is attempted. Migrations are
// applied by scripts/db/migrate.ts through @prisma/schema-engine-wasm.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
