# The Glidepath controller image. The builder compiles src/ and machines/ to JavaScript with tsc
# (`npm run build`, tsconfig.build.json), so the image runs plain `node dist/src/cli/main.js`:
# no TypeScript loader in the process (it costs memory and start-up time), and only production
# dependencies in the runtime stage.
#
#   docker build -t REGISTRY/glidepath:0.1.0 .
#

FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs an install script, so none gets to run one.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY machines ./machines
COPY manifests ./manifests
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    TMPDIR=/tmp
WORKDIR /app
# A fixed numeric non-root user, matching runAsUser in manifests/controller/deployment.yaml.
RUN groupadd --system --gid 10001 glidepath \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin glidepath
COPY --from=builder --chown=root:root /app/node_modules ./node_modules
# dist/ holds the compiled code plus package.json, manifests/ and the page assets, laid out so
# the paths the code resolves relative to itself (../../manifests, ../../package.json) exist.
COPY --from=builder --chown=root:root /app/dist ./dist
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["node", "dist/src/cli/main.js", "controller"]
CMD ["--in-cluster"]
