import { defineConfig } from 'prisma/config';

// The CLI is a developer tool here (generate, migrate dev, migrate diff); the running product
// applies migrations itself (src/db/migrate.ts), so a missing DATABASE_URL must not stop `generate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bazaar_dev' },
});
