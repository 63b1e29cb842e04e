import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './migrations',
  casing: 'snake_case',
  migrations: { prefix: 'timestamp' },
})
