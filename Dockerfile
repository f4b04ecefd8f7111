# syntax=docker/dockerfile:1
# Multi-stage: the build stage installs everything (install scripts generate the Prisma client
# without Prisma's native engine), then prunes dev dependencies; the runtime image carries only
# production dependencies, the generated client and the sources, and runs as the `node` user.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/src/generated ./src/generated
COPY --chown=node:node package.json schema.graphql prisma.config.ts ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node src ./src
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# tsx runs the TypeScript sources directly (a production dependency); no separate build step.
CMD ["node", "node_modules/tsx/dist/cli.mjs", "src/main.ts"]
