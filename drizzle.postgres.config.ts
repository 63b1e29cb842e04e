import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres/schema.ts',
  out: './migrations/postgres',
  casing: 'snake_case',
  migrations: { prefix: 'timestamp' },
})
