# syntax=docker/dockerfile:1
# Kabar: build on the current Node LTS, run as a non-root user. The database is SQLite on the /data volume, or
# PostgreSQL when DATABASE_URL is set (compose.yaml runs two nodes on one).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/kabar.db \
    SEED_DEMO=false
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Both stores' migrations, migrations/sqlite and migrations/postgres; the one in use is applied at start-up.
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: in-flight requests finish, then the database is closed (SQLite: the
# WAL is checkpointed; PostgreSQL: the node's connections are closed).
# The heap limits are those of `npm start` (see the README's performance section).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=4", "dist/server.js"]
