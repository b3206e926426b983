# syntax=docker/dockerfile:1
# The bot as a container image. Build: docker build -t nk-quiz .   Run: see compose.yaml.
# Two stages: the first compiles (TypeScript, and better-sqlite3's native module when no prebuilt
# binary fits), the second holds only what runs: production dependencies, dist/, questions/, assets/.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary where it can, and compiles where it cannot.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY commands/ commands/
RUN npm run build
# The production dependencies, installed here where the compiler is, then copied as they are.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS run
ENV NODE_ENV=production \
    STORE_URL=sqlite:///app/data/quiz.sqlite \
    HEALTH_PORT=8081 \
    HEALTH_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY scripts/ scripts/
COPY questions/ questions/
COPY assets/ assets/
# The store (SQLite file, its -wal/-shm and lock file) lives in the volume, owned by the bot's user.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 8081
# /healthz: 200 once the gateway is connected and the store answers (node: the image has no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8081)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 with no shell or npm in between, so SIGTERM (docker stop) reaches the bot, which
# drains for SHUTDOWN_SECONDS (10 by default; docker stop waits 10 s, compose.yaml gives it 20).
CMD ["node", "dist/src/main.js"]
