# syntax=docker/dockerfile:1
# Multi-stage: production dependencies and the generated Prisma client are built in one stage;
# the runtime image carries only those and the sources, and runs as the unprivileged `node` user.
FROM node:24-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# tsx runs the TypeScript sources; prisma (CLI) generates the client at install time.
RUN npm ci --no-audit --no-fund --omit=dev --ignore-scripts \
 && npm install --no-save --no-audit --no-fund prisma@7.10.1 \
 && node scripts/postinstall.cjs \
 && npm uninstall --no-save prisma

FROM node:24-slim AS runtime
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=prod-deps --chown=node:node /app/src/generated ./src/generated
COPY --chown=node:node package.json schema.graphql prisma.config.ts ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node src ./src
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "node_modules/tsx/dist/cli.mjs", "src/main.ts"]
