// Serves the discovery endpoints (/version, /api, /apis, group and group-version documents).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Route } from './router.ts';
import type { ResourceRegistry } from './resource-registry.ts';
import { negotiate, ResponseShape } from './content-negotiation.ts';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { sendJson } from './response.ts';
import { unknownPath } from './status-errors.ts';

const rootShapes = [ResponseShape.Plain, ResponseShape.AggregatedDiscovery] as const;

/** What discovery answers depend on besides the route. */
export interface DiscoveryContext {
  registry: ResourceRegistry;
  headers: IncomingHttpHeaders;
  /** host:port, for the serverAddressByClientCIDRs of /api. */
  serverAddress: string;
}

function sendRoot(res: ServerResponse, ctx: DiscoveryContext, core: boolean): void {
  const { registry, headers, serverAddress } = ctx;
  const chosen = negotiate(headers.accept, rootShapes);
  if (chosen.shape === ResponseShape.AggregatedDiscovery) {
    sendJson(res, 200, aggregatedDiscovery(registry, core, chosen.version), { contentType: chosen.contentType });
    return;
  }
  sendJson(res, 200, core ? apiVersions(serverAddress) : apiGroupList(registry));
}

/** Answers a discovery route; returns false when the route is not a discovery route. */
export function handleDiscovery(route: Route, res: ServerResponse, ctx: DiscoveryContext): boolean {
  const { registry } = ctx;
  switch (route.kind) {
    case 'version':
      sendJson(res, 200, versionInfo());
      return true;
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return true;
    case 'api-root':
      sendRoot(res, ctx, true);
      return true;
    case 'apis-root':
      sendRoot(res, ctx, false);
      return true;
    case 'group': {
      const doc = apiGroupDoc(registry, route.group);
      if (doc === undefined) throw unknownPath(`/apis/${route.group}`);
      sendJson(res, 200, doc);
      return true;
    }
    case 'group-version': {
      const doc = apiResourceList(registry, route.group, route.version);
      if (doc === undefined) throw unknownPath(`${route.group}/${route.version}`);
      sendJson(res, 200, doc);
      return true;
    }
    default:
      return false;
  }
}
