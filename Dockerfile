# syntax=docker/dockerfile:1
# Demo service image for the local stack (docker-compose.yml service "app"):
# the Hono example app started with the Sightline preload (node --import sightline/register).

# ---- build: install the locked dependency tree, compile src/ to dist/ ---------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency in the lock file needs an install script. The build runs
# explicitly below, once the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# ---- runtime ---------------------------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# The example imports hono and @hono/node-server, which are devDependencies of the SDK package
# (optional peers for its users), so the runtime keeps the full installed tree.
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node examples ./examples
USER node
EXPOSE 3000
# "sightline/register" resolves to this package through its own "exports" (self-reference).
CMD ["node", "--import", "sightline/register", "examples/hono-app/server.mjs"]
