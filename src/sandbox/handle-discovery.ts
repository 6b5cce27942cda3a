// Serves the discovery endpoints (/version, /api, /apis, group and group-version documents).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Route } from './router.ts';
import type { ResourceRegistry } from './resource-registry.ts';
import { negotiate, ResponseShape } from './content-negotiation.ts';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { sendJson } from './response.ts';
import { unknownPath } from './status-errors.ts';

const rootShapes = [ResponseShape.Plain, ResponseShape.AggregatedDiscovery] as const;

function sendRoot(res: ServerResponse, registry: ResourceRegistry, headers: IncomingHttpHeaders, core: boolean, serverAddress: string): void {
  const chosen = negotiate(headers.accept, rootShapes);
  if (chosen.shape === ResponseShape.AggregatedDiscovery) {
    sendJson(res, 200, aggregatedDiscovery(registry, core, chosen.version), chosen.contentType);
    return;
  }
  sendJson(res, 200, core ? apiVersions(serverAddress) : apiGroupList(registry));
}

/** Answers a discovery route; returns false when the route is not a discovery route. */
export function handleDiscovery(route: Route, res: ServerResponse, registry: ResourceRegistry, headers: IncomingHttpHeaders, serverAddress: string): boolean {
  switch (route.kind) {
    case 'version':
      sendJson(res, 200, versionInfo());
      return true;
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return true;
    case 'api-root':
      sendRoot(res, registry, headers, true, serverAddress);
      return true;
    case 'apis-root':
      sendRoot(res, registry, headers, false, serverAddress);
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
