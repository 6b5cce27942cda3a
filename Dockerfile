# The Glidepath controller image. Glidepath runs from its TypeScript sources through tsx
# (a runtime dependency), so there is no compile stage: the builder installs production
# dependencies only, and the runtime stage copies them with the sources.
#
#   docker build -t REGISTRY/glidepath:0.1.0 .
#

FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs an install script, so none gets to run one.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    TMPDIR=/tmp
WORKDIR /app
# A fixed numeric non-root user, matching runAsUser in manifests/controller/deployment.yaml.
RUN groupadd --system --gid 10001 glidepath \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin glidepath
COPY --from=builder --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root src ./src
COPY --chown=root:root machines ./machines
COPY --chown=root:root manifests/crds ./manifests/crds
COPY --chown=root:root manifests/istio ./manifests/istio
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["node", "--import", "tsx", "src/cli/main.ts", "controller"]
CMD ["--in-cluster"]
